//! The `wenshen` binary: parse the command line, run it, exit with its code.

fn main() {
    std::process::exit(wenshen::cli::run());
}
