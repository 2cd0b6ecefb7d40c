//! The command line: exit codes, stdout and stderr.
