//! Client dossiers: the list, the ordinary data, archiving, and who may open a dossier.
//!
//! - `access`: who may open a dossier ([`open`], the one door), and granting access;
//! - `list`: the list of dossiers with its filters;
//! - `dossier`: creating, editing, archiving a dossier and inviting its client.

mod access;
mod dossier;
mod list;

pub use access::{access, change_access, open, open_many, own, Dossier, OwnDossier};
pub(crate) use access::{of_login, staff, teams, unrestricted};
pub use dossier::{attach_login, create, dossier, invite, set_archived, set_restricted, update};
pub(crate) use list::names;
pub use list::{list, list_query, ListFilter, PAGE_SIZE};
