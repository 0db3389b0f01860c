//! Password hashing (argon2id at OWASP's recommended cost) and the password rules of
//! NIST SP 800-63B: at least 12 characters, long passphrases allowed, no composition rules,
//! and no password that is common or trivially guessable.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::{AppError, FieldProblem};

pub const MIN_LENGTH: usize = 12;
/// NIST asks for at least 64; we allow more, but bound it so hashing stays cheap.
pub const MAX_LENGTH: usize = 128;

fn hasher() -> Argon2<'static> {
    // OWASP: m=19456 KiB, t=2, p=1. These are constants; Params::new cannot fail on them.
    let params = Params::new(19_456, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks a new password against the rules. `context` holds words the person is known by
/// (e-mail, name): a password built from them is as guessable as a common one.
pub fn check_new_password(password: &str, context: &[&str]) -> Result<(), FieldProblem> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(FieldProblem::PasswordTooShort);
    }
    if length > MAX_LENGTH {
        return Err(FieldProblem::PasswordTooLong);
    }
    // NIST's context-specific words: a password built on one's own e-mail name or full name
    // is among the first things an attacker tries.
    let squash = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let squashed = squash(password);
    for text in context {
        let own = squash(text.split('@').next().unwrap_or(text));
        if own.chars().count() >= 4 && squashed.contains(&own) {
            return Err(FieldProblem::PasswordCommon);
        }
    }
    // zxcvbn matches whole tokens, so "an.jansen@praktijk.nl" is offered as its parts.
    let mut words: Vec<&str> = context
        .iter()
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.chars().count() >= 3)
        .collect();
    words.push("koers");
    // zxcvbn knows the common-password lists, keyboard walks, repeats and dates.
    let estimate = zxcvbn::zxcvbn(password, &words);
    if u8::from(estimate.score()) < 3 {
        return Err(FieldProblem::PasswordCommon);
    }
    Ok(())
}

/// How many argon2 computations may run at once. Each takes 19 MiB and tens of
/// milliseconds of a core; without a bound, a few hundred parallel sign-ins (or sign-ups,
/// resets, invitation acceptances) would take gigabytes. Excess callers wait their turn.
pub const MAX_CONCURRENT_HASHES: usize = 4;

static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(MAX_CONCURRENT_HASHES);
static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The most argon2 computations that ran at the same moment since the process started (for
/// tests and benchmarks: peak memory is this times 19 MiB).
pub fn peak_concurrent_hashes() -> usize {
    PEAK.load(std::sync::atomic::Ordering::Relaxed)
}

/// Runs one argon2 computation on a blocking thread, within `MAX_CONCURRENT_HASHES`.
async fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    use std::sync::atomic::Ordering;
    struct Running;
    impl Drop for Running {
        fn drop(&mut self) {
            RUNNING.fetch_sub(1, Ordering::SeqCst);
        }
    }
    let permit = HASHING.acquire().await.ok()?;
    // Permit and count go with the work: a caller that gives up waiting (a closed
    // connection) does not free a slot while its computation still runs.
    tokio::task::spawn_blocking(move || {
        let running = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        let counted = Running;
        PEAK.fetch_max(running, Ordering::SeqCst);
        let result = work();
        drop(counted);
        drop(permit);
        result
    })
    .await
    .ok()
}

/// Hashes on a blocking thread: argon2 at this cost takes tens of milliseconds of CPU.
pub async fn hash(password: String) -> Result<String, AppError> {
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
    })
    .await
    .ok_or(AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

/// Verifies on a blocking thread. With no stored hash, a dummy hash is checked anyway so
/// that an unknown e-mail address takes as long as a wrong password.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    bounded(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        let ok = PasswordHash::new(&stored)
            .map(|parsed| {
                hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && known
    })
    .await
    .unwrap_or(false)
}

/// argon2id hash of a random string nobody knows, at the same cost as real hashes.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$7i4sOoGc0sBEbY9O5EWJw5mCr3fnHg0Pmz4XM3wYZ8s";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(
            check_new_password("kort-wacht", &[]),
            Err(FieldProblem::PasswordTooShort)
        );
    }

    #[test]
    fn very_long_passphrases_are_allowed_up_to_the_bound() {
        let long = "zonnige ochtend aan de waddenkust met veel wind ".repeat(2);
        assert!(long.chars().count() >= 64);
        assert_eq!(check_new_password(&long, &[]), Ok(()));
        let too_long = "a9!".repeat(50);
        assert_eq!(
            check_new_password(&too_long, &[]),
            Err(FieldProblem::PasswordTooLong)
        );
    }

    #[test]
    fn common_and_predictable_passwords_are_refused() {
        for weak in [
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "aaaaaaaaaaaa",
        ] {
            assert_eq!(
                check_new_password(weak, &[]),
                Err(FieldProblem::PasswordCommon),
                "{weak} should be refused"
            );
        }
    }

    #[test]
    fn a_password_made_of_the_persons_own_email_is_refused() {
        assert_eq!(
            check_new_password("janneke.devries", &["janneke.devries@example.nl"]),
            Err(FieldProblem::PasswordCommon)
        );
    }

    #[test]
    fn a_password_built_on_the_persons_name_is_refused() {
        assert_eq!(
            check_new_password("Jan-de-Vries-2026!", &["jan@praktijk.nl", "Jan de Vries"]),
            Err(FieldProblem::PasswordCommon)
        );
    }

    #[test]
    fn no_composition_rules_a_lowercase_passphrase_is_fine() {
        assert_eq!(check_new_password("fietsen langs de amstel", &[]), Ok(()));
    }

    #[tokio::test]
    async fn hashes_are_argon2id_with_owasp_cost_and_verify() {
        let hash = hash("fietsen langs de amstel".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify("fietsen langs de amstel".into(), Some(hash.clone())).await);
        assert!(!verify("fietsen langs de maas".into(), Some(hash)).await);
        assert!(!verify("anything at all".into(), None).await);
    }
}
