//! `saqdesk`: the command-line door to the same core the desktop app uses.

mod cli;

fn main() {
    // Like other Unix tools, stop quietly when the reader of our output goes away
    // (`saqdesk assessment list | head`) instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: called first thing, before any other thread exists; restores the default action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(cli::run());
}
