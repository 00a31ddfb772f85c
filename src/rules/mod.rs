//! rules stage (to be built).
