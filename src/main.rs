//! `saqdesk`: the command-line door to the same core the desktop app uses.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
