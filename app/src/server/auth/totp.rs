//! Codes for two-step verification (RFC 6238, TOTP): an HMAC-SHA-1 of the 30-second step
//! under a secret shared with the person's authenticator app, 6 digits. This is what every
//! common app (and the RFC's own test vectors) assumes; the codes come from totp-rs.
//!
//! A typed code is accepted for the current step and the one before or after it, so a
//! phone whose clock is a little off, or a code typed as it changes, still works. The step a
//! code matched is returned: the caller stores the last accepted step and refuses any step at
//! or before it, so that a code works only once.

use rand::RngCore;
use totp_rs::{Algorithm, TOTP};

/// Seconds per step.
pub const STEP_SECONDS: u64 = 30;
/// Digits of a code that a person types.
pub const DIGITS: usize = 6;
/// Bytes of a new secret: 160 bits, the length RFC 4226 recommends for HMAC-SHA-1.
const SECRET_BYTES: usize = 20;

/// The secret shared with one person's authenticator app. Not `PartialEq`: a secret is only
/// ever compared through the codes it makes, in constant time ([`matching_step`]).
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    // The secret is as good as the second factor itself: never in a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    /// A new random secret.
    pub fn generate() -> Secret {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rand::thread_rng().fill_bytes(&mut bytes);
        Secret(bytes)
    }

    pub fn from_bytes(bytes: Vec<u8>) -> Secret {
        Secret(bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// How the secret is stored: base32 (RFC 4648) without padding.
    pub fn to_base32(&self) -> String {
        base32::encode(base32::Alphabet::Rfc4648 { padding: false }, &self.0)
    }

    /// The stored form back; None for text that is not base32.
    pub fn from_base32(text: &str) -> Option<Secret> {
        base32::decode(base32::Alphabet::Rfc4648 { padding: false }, text)
            .filter(|bytes| !bytes.is_empty())
            .map(Secret)
    }

    /// The secret as apps ask for it when typed in instead of scanned: base32 (RFC 4648)
    /// without padding, in groups of four so that a person can copy it without losing place.
    pub fn for_typing(&self) -> String {
        totp(&self.0, DIGITS)
            .get_secret_base32()
            .as_bytes()
            .chunks(4)
            .map(|group| String::from_utf8_lossy(group).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Who the codes are for, as an authenticator app lists them: "Koers" and the e-mail address.
pub const ISSUER: &str = "Koers";

/// The `otpauth://` address that an authenticator app reads from the QR code (the "Key Uri
/// Format" every common app follows): label `Koers:<account>`, the secret in base32 and the
/// parameters spelled out, although they are the apps' defaults.
pub fn otpauth_uri(secret: &Secret, account: &str) -> String {
    let base32 = totp(&secret.0, DIGITS).get_secret_base32();
    format!(
        "otpauth://totp/{issuer}:{account}?secret={base32}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        issuer = percent_encoded(ISSUER),
        account = percent_encoded(account),
    )
}

/// RFC 3986 percent-encoding of everything but the unreserved characters; a space becomes
/// `%20`, not `+`, which some apps would show as it is.
fn percent_encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The code of the step that `unix_seconds` falls in, `digits` long (6 for people; the RFC's
/// test vectors use 8).
pub fn code_at(secret: &[u8], unix_seconds: u64, digits: usize) -> String {
    totp(secret, digits).generate(unix_seconds)
}

/// SHA-1, 30-second steps; no skew of its own, since [`matching_step`] tries the steps
/// around now itself to learn which one matched.
fn totp(secret: &[u8], digits: usize) -> TOTP {
    TOTP::new_unchecked(Algorithm::SHA1, digits, 0, STEP_SECONDS, secret.to_vec())
}

/// The step whose code was typed, when it is the current step or the one before or after;
/// `None` for anything else, also for input that is not six digits. Spaces are ignored
/// (apps show codes as "123 456"). Each candidate is compared in constant time.
pub fn matching_step(secret: &Secret, typed: &str, unix_seconds: u64) -> Option<u64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(&secret.0, DIGITS);
    let now = unix_seconds / STEP_SECONDS;
    let mut found = None;
    // Every candidate is checked, matched or not, so the time taken says nothing about which.
    for step in [now.saturating_sub(1), now, now + 1] {
        if totp.check(&typed, step * STEP_SECONDS) && found.is_none() {
            found = Some(step);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 seed and its 8-digit codes.
    const RFC_SEED: &[u8] = b"12345678901234567890";
    const RFC_VECTORS: [(u64, &str); 6] = [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ];

    #[test]
    fn the_rfc_6238_test_vectors_pass() {
        for (time, expected) in RFC_VECTORS {
            assert_eq!(code_at(RFC_SEED, time, 8), expected, "T = {time}");
        }
    }

    #[test]
    fn a_persons_code_is_the_same_function_at_six_digits() {
        // The 6-digit code is the 8-digit one modulo 10^6: the same HMAC, the same truncation.
        for (time, expected) in RFC_VECTORS {
            assert_eq!(code_at(RFC_SEED, time, DIGITS), expected[2..], "T = {time}");
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_no_further() {
        let secret = Secret::from_bytes(RFC_SEED.to_vec());
        let now = 1_111_111_111; // step 37,037,037
        let step = now / STEP_SECONDS;
        for (offset, accepted) in [(-2i64, false), (-1, true), (0, true), (1, true), (2, false)] {
            let at = (step as i64 + offset) as u64 * STEP_SECONDS;
            let code = code_at(secret.as_bytes(), at, DIGITS);
            let expected = accepted.then_some((step as i64 + offset) as u64);
            assert_eq!(
                matching_step(&secret, &code, now),
                expected,
                "offset {offset}"
            );
        }
    }

    #[test]
    fn typed_codes_may_have_spaces_but_nothing_else() {
        let secret = Secret::from_bytes(RFC_SEED.to_vec());
        let now = 59;
        let code = code_at(secret.as_bytes(), now, DIGITS); // "287082"
        let step = Some(now / STEP_SECONDS);
        assert_eq!(matching_step(&secret, " 287 082 ", now), step);
        assert_eq!(matching_step(&secret, &code, now), step);
        for wrong in [
            "", "28708", "2870822", "28708a", "287-082", "94287082", "287083",
        ] {
            assert_eq!(matching_step(&secret, wrong, now), None, "{wrong:?}");
        }
    }

    #[test]
    fn the_app_address_names_koers_and_the_person_and_carries_the_secret() {
        let secret = Secret::from_bytes(RFC_SEED.to_vec());
        assert_eq!(
            otpauth_uri(&secret, "an jansen+coach@praktijk.nl"),
            "otpauth://totp/Koers:an%20jansen%2Bcoach%40praktijk.nl\
             ?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Koers&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn new_secrets_are_random_and_typed_in_base32_groups() {
        let (a, b) = (Secret::generate(), Secret::generate());
        assert_eq!(a.as_bytes().len(), 20);
        assert_ne!(a.as_bytes(), b.as_bytes());
        let typed = a.for_typing();
        // 160 bits are 32 base32 characters: eight groups of four.
        assert_eq!(typed.split(' ').count(), 8, "{typed}");
        assert!(typed
            .chars()
            .all(|c| c == ' ' || c.is_ascii_uppercase() || ('2'..='7').contains(&c)));
        let back = totp_rs::Secret::Encoded(typed.replace(' ', ""))
            .to_bytes()
            .unwrap();
        assert_eq!(back, a.as_bytes());
        assert_eq!(format!("{a:?}"), "Secret(..)");
    }

    #[test]
    fn the_stored_form_reads_back_as_the_same_secret() {
        let secret = Secret::generate();
        let back = Secret::from_base32(&secret.to_base32()).expect("base32");
        assert_eq!(back.as_bytes(), secret.as_bytes());
        assert!(Secret::from_base32("niet base32!").is_none());
        assert!(Secret::from_base32("").is_none());
    }
}
