//! Small shared types that both the server and the browser use.

use serde::{Deserialize, Serialize};

/// What a user is in Koers. Operators run the installation and belong to no organization;
/// everyone else belongs to exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Operator,
    Owner,
    Coach,
    Client,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Operator, Role::Owner, Role::Coach, Role::Client];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Owner => "owner",
            Role::Coach => "coach",
            Role::Client => "client",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// Where this role lands after signing in.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Operator => "/operator",
            Role::Owner | Role::Coach => "/dashboard",
            Role::Client => "/my",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
