//! Switches for the privacy benchmark's baseline (`server/examples/pages_bench.rs`): the same
//! server without the access log and without sealing, so that what the two cost on a page
//! is measured rather than guessed. Compiled only with the `bench` feature: a build that
//! serves people cannot turn either off.

use std::sync::atomic::{AtomicBool, Ordering};

static ACCESS_LOG_OFF: AtomicBool = AtomicBool::new(false);
static SEALING_OFF: AtomicBool = AtomicBool::new(false);

/// Whether reads and changes are recorded in the access log.
pub fn set_access_log(on: bool) {
    ACCESS_LOG_OFF.store(!on, Ordering::SeqCst);
}

/// Whether new content is sealed. Stored plaintext still opens (as content from before
/// encryption does), and `sealing::seal_existing` seals it afterwards.
pub fn set_sealing(on: bool) {
    SEALING_OFF.store(!on, Ordering::SeqCst);
}

pub(crate) fn access_log_off() -> bool {
    ACCESS_LOG_OFF.load(Ordering::Relaxed)
}

pub(crate) fn sealing_off() -> bool {
    SEALING_OFF.load(Ordering::Relaxed)
}
