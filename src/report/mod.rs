//! report stage (to be built).
