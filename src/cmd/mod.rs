//! The commands of the command line that have a file of their own (the others are still in
//! `main.rs`, to be moved here one by one).

pub mod init;
pub mod map;
pub mod print;
pub mod schema;

use std::path::PathBuf;

/// The site folder, named the same way in every command that reads one: after the command
/// (`wegwijs build lindewaard`) or with `--site` (`wegwijs build --site lindewaard`), the
/// current folder when neither is given.
#[derive(clap::Args, Debug, Clone)]
pub struct SiteFolder {
    /// The site folder (the one with site.yaml) [default: the current folder]
    #[arg(value_name = "SITE", id = "site_folder")]
    positional: Option<PathBuf>,
    /// The site folder, as an option: the same as naming it after the command
    #[arg(long = "site", value_name = "SITE", conflicts_with = "site_folder")]
    option: Option<PathBuf>,
}

impl SiteFolder {
    pub fn path(&self) -> PathBuf {
        self.option
            .clone()
            .or_else(|| self.positional.clone())
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Every problem, as rustc shows them (in colour on a terminal, unless `NO_COLOR`).
pub fn print_diagnostics(diags: &wegwijs::diagnostics::Diagnostics) {
    use std::io::IsTerminal;
    if diags.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", diags.render(color));
}
