//! The domain services. Every read and write of organization data goes through here, and
//! every function takes the caller's context (tenant, operator) and scopes its queries by it.
//! Encryption at rest and the access log of dossier reads will be added in this layer.

pub mod account;
pub mod consent;
pub mod organization;
