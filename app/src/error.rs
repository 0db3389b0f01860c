//! The one error type of the application.
//!
//! Every server function returns `Result<T, AppError>`. The variant decides the HTTP status
//! (see [`AppError::status`]) and the text a user sees (see `components::error_text`); no
//! variant carries database or library error text, so such text can never reach a user.

use crate::model::organizations::Licence;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Why a single form field was refused. Each code has a translated message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Required,
    EmailInvalid,
    EmailTaken,
    PasswordTooShort,
    PasswordTooLong,
    PasswordCommon,
    MustAgree,
    TooLong,
    AlreadyInvited,
    RoleNotAllowed,
    OrganizationTaken,
    PasswordWrong,
    /// A two-step verification code (or recovery code) that is wrong, used or too old.
    CodeWrong,
    /// An owner would make two-step verification mandatory without using it themselves.
    OwnFactorFirst,
    NotANumber,
    NoSuchAccount,
    EmailUnchanged,
    TeamNameTaken,
    DateInvalid,
    PhoneInvalid,
    ResponsibleStays,
    TransitionNotAllowed,
    /// A date that is not a date (any day allowed).
    DateFormat,
    /// A date with time that is not one.
    DateTimeFormat,
    EndBeforeStart,
    /// Minutes outside 1..=1440.
    MinutesRange,
    /// The file is larger than the configured maximum.
    FileTooLarge,
    FileEmpty,
    /// The content is none of the accepted kinds (PDF, DOCX, XLSX, PNG, JPEG).
    FileType,
    /// The name's extension does not match what the content is.
    FileMismatch,
    /// The document storage refused the bytes (full, or unreachable): nothing was kept.
    FileNotStored,
    /// A choice question needs at least two choices.
    OptionsNeeded,
    /// A scale runs from a lower to a higher whole number, within 0..=100.
    ScaleRange,
    /// An answer that does not fit its question (a choice it does not offer, a scale point
    /// outside it, a date that is none).
    AnswerInvalid,
    /// An exercise without questions cannot be given to a client.
    ExerciseEmpty,
    /// Bands are written one per line as `name: from – to`.
    BandsInvalid,
    /// A weight is a number from 0 to 10.
    WeightRange,
    /// A line of an allow-list that is no IP address or network; `line` counts from 1.
    NetworkInvalid {
        line: u32,
    },
    /// More lines than `model::security::MAX_NETWORKS`.
    TooManyNetworks,
    /// The owner's own current address is outside the list they are saving, and they have
    /// not confirmed that they know.
    OwnAddressOutside,
    /// An inactivity limit outside `IDLE_MINUTES_MIN..=IDLE_MINUTES_MAX`.
    IdleRange,
    /// The typed confirmation of an erasure is not the client's name.
    NameMismatch,
    /// A retention period outside `MIN_RETENTION_MONTHS..=MAX_RETENTION_MONTHS`.
    RetentionRange,
}

/// Which kind of seat a licence limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Seat {
    Coaches,
    Clients,
    Teams,
}

/// Why a link from an e-mail (invitation, password reset) no longer works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkProblem {
    Unknown,
    Expired,
    Used,
    Revoked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in, or the session ended.
    #[error("not signed in")]
    Unauthenticated,
    /// Sign-in failed. Deliberately one variant for "no such e-mail" and "wrong password".
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The account exists and the password was right, but access was suspended.
    #[error("account suspended")]
    AccountSuspended,
    /// Too many failed attempts; try again after the given number of minutes.
    #[error("too many attempts")]
    RateLimited { retry_after_minutes: u32 },
    /// The user must first accept the current Terms of Use and Privacy Statement.
    #[error("consent required")]
    ConsentRequired,
    /// The organization (or the installation, for operators) requires two-step
    /// verification and this person has not set it up yet: nothing else works until then.
    #[error("two-step verification required")]
    TwoFactorRequired,
    /// The organization allows Koers only from its own networks, and this request came
    /// from elsewhere.
    #[error("network not allowed")]
    NetworkRefused,
    /// The half-signed-in state between password and code ended (or never began).
    #[error("second step expired")]
    SecondStepExpired,
    /// Signed in, but this role may not do this.
    #[error("forbidden")]
    Forbidden,
    /// Not found, or not visible to this user (the two are never distinguished).
    #[error("not found")]
    NotFound,
    /// One or more fields were refused; the form shows each message next to its field.
    #[error("invalid input")]
    Invalid { fields: Vec<(String, FieldProblem)> },
    /// The licence has no free seat of this kind.
    #[error("licence limit reached")]
    LicenceLimit {
        seat: Seat,
        limit: i64,
        licence: Licence,
    },
    /// A link from an e-mail that cannot be used (any more).
    #[error("link not valid")]
    LinkInvalid { problem: LinkProblem },
    /// Refused because it would leave the organization without an owner.
    #[error("last owner")]
    LastOwner,
    /// Refused because people cannot do this to their own account here.
    #[error("not on yourself")]
    NotOnYourself,
    /// The organization's demo period ended: everything can be read, nothing changed,
    /// until the operator converts it to a paid licence.
    #[error("read only")]
    ReadOnly,
    /// A locked report or appointment: it can never change or be deleted again.
    #[error("locked")]
    Locked,
    /// The dossier's processing is restricted at the client's request: it reads, but
    /// nothing in it changes until the restriction is lifted.
    #[error("restricted")]
    Restricted,
    /// The terms the user agreed to are no longer the current version.
    #[error("terms changed")]
    TermsOutdated,
    /// A request that could change something came from another site's page (CSRF).
    #[error("cross-site request")]
    CrossSite,
    /// The request's body is larger than Koers accepts for it.
    #[error("too large")]
    TooLarge,
    /// Sealed content that does not open: damaged, or moved from another row or
    /// organization. Never shown; the server log says which row.
    #[error("sealed content does not open")]
    Damaged,
    /// Something went wrong on our side; details are in the server log only.
    #[error("internal error")]
    Internal,
}

impl AppError {
    pub fn field(name: &str, problem: FieldProblem) -> Self {
        AppError::Invalid {
            fields: vec![(name.to_string(), problem)],
        }
    }

    /// The problem reported for one field, if any.
    pub fn problem_for(&self, name: &str) -> Option<FieldProblem> {
        match self {
            AppError::Invalid { fields } => fields
                .iter()
                .find(|(field, _)| field == name)
                .map(|(_, problem)| *problem),
            _ => None,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated
            | AppError::InvalidCredentials
            | AppError::SecondStepExpired => 401,
            AppError::AccountSuspended
            | AppError::Forbidden
            | AppError::ConsentRequired
            | AppError::TwoFactorRequired
            | AppError::NetworkRefused
            | AppError::CrossSite => 403,
            AppError::NotFound => 404,
            AppError::TermsOutdated
            | AppError::LicenceLimit { .. }
            | AppError::LastOwner
            | AppError::NotOnYourself
            | AppError::ReadOnly
            | AppError::Locked
            | AppError::Restricted => 409,
            AppError::LinkInvalid { .. } => 410,
            AppError::Invalid { .. } => 422,
            AppError::TooLarge => 413,
            AppError::RateLimited { .. } => 429,
            AppError::Internal | AppError::Damaged => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A malformed request is the caller's fault, but we have no field to point at.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::Invalid { fields: Vec::new() }
            }
            _ => AppError::Internal,
        }
    }
}

/// Database errors are logged with their detail and reach the user only as `Internal`.
#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(error: sea_orm::DbErr) -> Self {
        tracing::error!(error = %error, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_a_client_or_server_error_status() {
        let all = [
            AppError::Unauthenticated,
            AppError::InvalidCredentials,
            AppError::AccountSuspended,
            AppError::RateLimited {
                retry_after_minutes: 15,
            },
            AppError::ConsentRequired,
            AppError::TwoFactorRequired,
            AppError::NetworkRefused,
            AppError::SecondStepExpired,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Invalid { fields: vec![] },
            AppError::TermsOutdated,
            AppError::LicenceLimit {
                seat: Seat::Clients,
                limit: 15,
                licence: Licence::Standard,
            },
            AppError::LinkInvalid {
                problem: LinkProblem::Expired,
            },
            AppError::LastOwner,
            AppError::NotOnYourself,
            AppError::ReadOnly,
            AppError::Internal,
        ];
        for error in all {
            assert!((400..600).contains(&error.status()), "{error:?}");
        }
    }

    #[test]
    fn field_problems_are_found_by_field_name() {
        let error = AppError::field("password", FieldProblem::PasswordTooShort);
        assert_eq!(
            error.problem_for("password"),
            Some(FieldProblem::PasswordTooShort)
        );
        assert_eq!(error.problem_for("email"), None);
    }
}
