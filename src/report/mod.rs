//! report stage (to be built).

pub mod tree;
