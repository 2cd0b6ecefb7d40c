//! The `refract` command line. The library computes; the binary owns the
//! command line, exit codes, stdout and stderr (see `cli`).

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
