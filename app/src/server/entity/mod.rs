//! sea-orm entities. Server-only: no entity type ever crosses into the browser; server
//! functions return DTOs built from them.

pub mod account_token;
pub mod answer;
pub mod appointment;
pub mod assignment;
pub mod auth_failure;
pub mod calendar_feed;
pub mod client;
pub mod client_coach;
pub mod client_team;
pub mod code;
pub mod consent;
pub mod document;
pub mod exercise;
pub mod exercise_version;
pub mod invitation;
pub mod journal_comment;
pub mod journal_entry;
pub mod notice;
pub mod organization;
pub mod outbox;
pub mod recovery_code;
pub mod report;
pub mod report_amendment;
pub mod security_event;
pub mod session;
pub mod signup_request;
pub mod team;
pub mod team_member;
pub mod terms_version;
pub mod time_entry;
pub mod trajectory;
pub mod trajectory_goal;
pub mod two_factor;
pub mod user;
