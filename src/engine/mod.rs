//! engine stage (to be built).
