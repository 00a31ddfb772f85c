//! Regexes that each thread searches through copies of its own.
//!
//! A `Regex` keeps its search caches in a pool: the first thread to search owns a cache and takes
//! it without a lock; every other thread takes one from a locked stack and puts it back, on every
//! search. The parser runs hundreds of searches per document, and with two threads the second
//! one's locking showed in profiles. A clone of a `Regex` shares the compiled program but has a
//! pool of its own, so a thread searching its own clone always owns the cache.

use std::ops::Deref;
use std::sync::OnceLock;

use thread_local::ThreadLocal;

/// A `static` value (a regex, or a table holding regexes) made once on first use and cloned once
/// for each thread that uses it.
pub struct PerThread<T: Send> {
    make: fn() -> T,
    made: OnceLock<T>,
    copies: ThreadLocal<T>,
}

impl<T: Send> PerThread<T> {
    pub const fn new(make: fn() -> T) -> PerThread<T> {
        PerThread {
            make,
            made: OnceLock::new(),
            copies: ThreadLocal::new(),
        }
    }
}

impl<T: Clone + Send + Sync> Deref for PerThread<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.copies
            .get_or(|| self.made.get_or_init(self.make).clone())
    }
}
