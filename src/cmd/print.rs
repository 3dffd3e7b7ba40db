//! `wegwijs print guides [SITE]`: the guides on paper for staff who print a stack, one PDF per
//! language (every guide, in the site's order) or one per guide.

use std::path::PathBuf;
use std::process::ExitCode;

use wegwijs::build::{GuidesRequest, Stack};
use wegwijs::print::Paper;

use super::{SiteFolder, print_diagnostics};

#[derive(clap::Subcommand)]
pub enum PrintCommand {
    /// Print the guides: one PDF per language with every guide, or one per guide (--each)
    Guides(GuidesArgs),
}

/// The paper, as the command line names it.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum PaperArg {
    /// A4 pages
    A4,
    /// A5 pages
    A5,
    /// A5 pages two to an A4 sheet: print double-sided (flip on the short edge), fold, staple
    Booklet,
}

#[derive(clap::Args)]
pub struct GuidesArgs {
    #[command(flatten)]
    site: SiteFolder,
    /// Only this language (repeat for more); default every site language
    #[arg(long = "lang", value_name = "CODE")]
    langs: Vec<String>,
    /// Only this guide, by its id (repeat for more); default every guide
    #[arg(long = "guide", value_name = "ID")]
    guides: Vec<String>,
    /// One PDF per guide and language instead of one per language
    #[arg(long)]
    each: bool,
    /// The paper size
    #[arg(long, value_enum, default_value = "a4")]
    paper: PaperArg,
    /// Where to write the PDFs [default: paper in the site folder]
    #[arg(long, short)]
    out: Option<PathBuf>,
}

pub fn run(command: PrintCommand) -> ExitCode {
    match command {
        PrintCommand::Guides(args) => guides(args),
    }
}

fn guides(args: GuidesArgs) -> ExitCode {
    let site = args.site.path();
    let out = args.out.unwrap_or_else(|| site.join("paper"));
    let request = GuidesRequest {
        langs: args.langs,
        guides: args.guides,
        paper: match args.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::A5 => Paper::A5,
            PaperArg::Booklet => Paper::Booklet,
        },
        stack: if args.each {
            Stack::PerGuide
        } else {
            Stack::PerLanguage
        },
    };
    match wegwijs::build::guides(&site, &out, &request) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics);
            for f in &report.files {
                println!("{}", f.display());
            }
            let how = match request.paper {
                Paper::A4 | Paper::A5 => {
                    "Print double-sided (flip on the long edge), at actual size."
                }
                Paper::Booklet => {
                    "Print double-sided, flip on the short edge, at actual size; fold the sheets in the middle and staple them."
                }
            };
            println!(
                "Printed {} PDF(s) in {} ms. {how}",
                report.files.len(),
                report.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(&diags);
            eprintln!("No guides written: {} error(s).", diags.error_count());
            ExitCode::FAILURE
        }
    }
}
