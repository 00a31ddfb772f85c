fn main() {
    std::process::exit(wenshen::cli::run());
}
