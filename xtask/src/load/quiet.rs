//! openapiv3 panics on some documents (repeated keys, an infinity where it wants a number); the
//! loader catches those panics and reports a diagnostic instead. Caught here, they also print
//! nothing: no panic message or backtrace ahead of the diagnostic.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`; `None` if it panicked. Panics elsewhere (other threads, or after `f`) are printed by
/// whatever hook was installed before.
pub fn catch<R>(f: impl FnOnce() -> R) -> Option<R> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|quiet| quiet.replace(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f)).ok();
    QUIET.with(|quiet| quiet.set(was));
    result
}
