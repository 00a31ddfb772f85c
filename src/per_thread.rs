//! Values, regexes above all, that each thread uses through a clone of its own.
//!
//! A `Regex` keeps its search caches in a pool: the first thread to search owns a cache and takes
//! it without a lock; every other thread takes one from a locked stack and puts it back, on every
//! search. The parser and the rules run hundreds of searches per document, and with two threads
//! the second one's locking showed in profiles. A clone of a `Regex` shares the compiled program
//! but has a pool of its own, so a thread searching its own clone always owns the cache.

use std::ops::Deref;

use regex::Regex;
use thread_local::ThreadLocal;

/// A value cloned once for each thread that uses it.
pub(crate) struct PerThread<T: Send> {
    shared: T,
    copies: ThreadLocal<T>,
}

impl<T: Send> PerThread<T> {
    pub(crate) fn new(shared: T) -> PerThread<T> {
        PerThread {
            shared,
            copies: ThreadLocal::new(),
        }
    }
}

impl PerThread<Regex> {
    /// One of the program's own patterns, compiled. An invalid one panics where it is written
    /// (`track_caller`), the first time a test reaches it.
    #[track_caller]
    pub(crate) fn regex(pattern: &str) -> PerThread<Regex> {
        PerThread::new(
            Regex::new(pattern).expect("a built-in pattern is a valid regular expression"),
        )
    }
}

impl<T: Clone + Send + Sync> Deref for PerThread<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.copies.get_or(|| self.shared.clone())
    }
}
