//! The command line: parses the arguments, runs a command of the library and prints its report.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

use cmd::print_diagnostics;

use wegwijs::diagnostics::Diagnostics;

/// Builds a municipality's welcome site for newcomers, in every language it publishes.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder of static files
    Build {
        #[command(flatten)]
        site: cmd::SiteFolder,
        /// Where to write the site [default: public in the site folder]; replaced as a whole
        /// when the build succeeds
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Print how long each phase took and the peak memory so far (for measuring wegwijs)
        #[arg(long)]
        timings: bool,
    },
    /// Preview the site on this computer, rebuilt and reloaded whenever a file changes
    Serve {
        #[command(flatten)]
        site: cmd::SiteFolder,
        /// The port to listen on
        #[arg(long, short, default_value_t = 8080)]
        port: u16,
        /// Listen on this address instead of only this computer (127.0.0.1)
        #[arg(long, value_name = "IP")]
        bind: Option<std::net::IpAddr>,
    },
    /// Check the site without writing anything: content, links, anchors, images
    Check {
        #[command(flatten)]
        site: cmd::SiteFolder,
        /// Fail on warnings too (for a municipality's own CI)
        #[arg(long)]
        strict: bool,
    },
    /// Print the foldable pocket card: one PDF per language (A4 landscape, duplex)
    Cards {
        #[command(flatten)]
        site: cmd::SiteFolder,
        /// Only this language (repeat for more); default every site language
        #[arg(long = "lang", value_name = "CODE")]
        langs: Vec<String>,
        /// Where to write the PDFs [default: cards in the site folder]
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// A personal card with only these contacts, in this order (repeat for more)
        #[arg(long = "contact", value_name = "ID")]
        contacts: Vec<String>,
        /// The title on the cover of a personal card, instead of the site's name
        #[arg(long)]
        title: Option<String>,
    },
    /// See and record how current each translation is; exchange XLIFF with translators
    Translations {
        #[command(subcommand)]
        command: Translations,
    },
    /// Print the guides on paper (A4, A5 or A5 booklets), for staff who hand them out
    Print {
        #[command(subcommand)]
        command: cmd::print::PrintCommand,
    },
    /// The town map: import it from OpenStreetMap
    Map {
        #[command(subcommand)]
        command: cmd::map::MapCommand,
    },
    /// Start a new site from the built-in example
    Init(cmd::init::InitArgs),
    /// Write JSON Schemas of the site's files, so that an editor completes and checks them
    Schema(cmd::schema::SchemaArgs),
}

#[derive(Subcommand)]
enum Translations {
    /// Per language: how much is translated, and which translations are outdated or missing
    Status {
        #[command(flatten)]
        site: cmd::SiteFolder,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Record that translations match their current source (after translating by hand)
    Accept {
        /// Texts as `status` names them (`guide/first-week`, `service/health-centre`, …)
        items: Vec<String>,
        /// Every translation that has no record yet, instead of naming texts
        #[arg(long, conflicts_with = "items")]
        unverified: bool,
        /// This language (repeat for more); naming texts needs `--lang` or `--all-languages`
        #[arg(long = "lang", value_name = "CODE")]
        langs: Vec<String>,
        /// Every translated language (with named texts: a slip here would mark outdated
        /// translations as current, so it is never the default)
        #[arg(long, conflicts_with = "langs")]
        all_languages: bool,
        /// Record them as machine translations that a person has not checked
        #[arg(long)]
        machine: bool,
        /// The site folder (the one with site.yaml)
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Write an XLIFF 2 file for a translator: the texts missing, outdated or machine-translated
    /// in one language
    Export {
        #[command(flatten)]
        site: cmd::SiteFolder,
        /// The language to translate into
        #[arg(long = "lang", value_name = "CODE")]
        lang: String,
        /// Every text, also those that are up to date
        #[arg(long)]
        all: bool,
        /// The file to write [default: <site name>-<lang>.xlf in the current folder]
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Write the translations of an XLIFF file back into the site's files
    Import {
        /// The XLIFF file from the translator
        file: PathBuf,
        /// The site folder (the one with site.yaml)
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Record the translations as machine-made, to be checked by a person
        #[arg(long)]
        machine: bool,
    },
    /// Write locales/<CODE>/main.ftl: the site's menus, buttons and notices to translate into
    /// a language wegwijs has no UI strings in
    Ui {
        #[command(flatten)]
        site: cmd::SiteFolder,
        /// The language to translate into
        #[arg(long = "lang", value_name = "CODE")]
        lang: String,
    },
    /// Declare that changes to these source texts were minor (a typo): translations that were
    /// up to date stay up to date
    Minor {
        /// Texts as `status` names them (`guide/first-week`, `service/health-centre`, …)
        items: Vec<String>,
        /// The site folder (the one with site.yaml)
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Json,
}

/// A bug in wegwijs (a panic) ends with one line that asks for a report, not a backtrace:
/// the person running it keeps a municipality's site, not Rust code. `RUST_BACKTRACE=1`
/// brings the usual report back for the developers.
fn report_bugs_in_one_line() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default()
            .replace('\n', " ");
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "wegwijs {} stopped because of a bug in wegwijs, not in your files ({what}{place}); \
             please report it with the command you ran and, if you can, the files it read.",
            env!("CARGO_PKG_VERSION")
        );
    }));
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    report_bugs_in_one_line();
    match Cli::parse().command {
        Command::Build { site, out, timings } => build(site.path(), out, timings),
        Command::Serve { site, port, bind } => {
            let site = site.path();
            if !site.join(wegwijs::load::CONFIG_FILE).is_file() {
                let mut not = wegwijs::diagnostics::Diagnostics::default();
                not.push(wegwijs::load::not_a_site(&site));
                print_diagnostics(&not);
                return ExitCode::FAILURE;
            }
            let ip = bind.unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]));
            let addr = std::net::SocketAddr::new(ip, port);
            println!(
                "Serving {} on http://{addr}/ (Ctrl-C to stop)",
                site.display()
            );
            if ip.is_loopback() {
                println!(
                    "Edit the site, its services, contacts and guides in the browser: http://{addr}/edit/"
                );
            }
            let report = |r: &wegwijs::serve::Rebuilt| {
                print_diagnostics(&r.diagnostics);
                if r.ok {
                    let what = if r.incremental {
                        format!("{} changed file(s)", r.files)
                    } else {
                        format!("all {} files", r.files)
                    };
                    println!("Rebuilt {what} in {} ms.", r.elapsed.as_millis());
                } else {
                    eprintln!(
                        "The site has errors; the browser shows them. The last good version stays served."
                    );
                }
            };
            match wegwijs::serve::serve(&site, addr, report) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot serve on {addr}: {e}");
                    let other = port.checked_add(1).unwrap_or(8081);
                    match e.kind() {
                        std::io::ErrorKind::AddrInUse => eprintln!(
                            "help: another program uses port {port} (perhaps wegwijs serve in another window): stop it, or use another port: wegwijs serve {} --port {other}",
                            site.display()
                        ),
                        std::io::ErrorKind::PermissionDenied => eprintln!(
                            "help: this computer does not allow port {port}: use a port above 1024, like wegwijs serve {} --port 8080",
                            site.display()
                        ),
                        _ => {}
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { site, strict } => {
            let site = site.path();
            let report = wegwijs::build::check(&site);
            let diags = report.diagnostics;
            print_diagnostics(&diags);
            if let Some(t) = &report.translations {
                let langs: Vec<String> = t
                    .languages
                    .iter()
                    .map(|l| {
                        // The same two numbers, in the same words, as `translations status`.
                        format!(
                            "{} {}% translated, {}% up to date ({} outdated, {} missing)",
                            l.lang.as_str(),
                            l.translated_percent,
                            l.up_to_date_percent,
                            l.outdated.len(),
                            l.missing.len()
                        )
                    })
                    .collect();
                println!("Translations: {}.", langs.join("; "));
            }
            if !report.overdue.is_empty() {
                println!(
                    "To check whether still correct (never confirmed, or longer ago than `review_after` in site.yaml), oldest first:"
                );
                for o in &report.overdue {
                    let when = o.reviewed.map_or("never".to_owned(), |d| d.to_string());
                    let ask = if o.ask.is_empty() {
                        String::new()
                    } else {
                        format!("  ask: {}", o.ask.join(", "))
                    };
                    println!("  {when:<10}  {}{ask}", o.file);
                }
                println!(
                    "When one is still correct, write today's date in its file: `reviewed: {}`.",
                    chrono::Utc::now().date_naive()
                );
            }
            let (errors, warnings) = (diags.error_count(), diags.warning_count());
            println!(
                "Checked {}: {errors} error(s), {warnings} warning(s).",
                site.display()
            );
            if errors > 0 || (strict && warnings > 0) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Cards {
            site,
            langs,
            out,
            contacts,
            title,
        } => cards(site.path(), out, langs, contacts, title),
        Command::Translations { command } => translations(command),
        Command::Print { command } => cmd::print::run(command),
        Command::Map { command } => cmd::map::run(command),
        Command::Init(args) => cmd::init::run(args),
        Command::Schema(args) => cmd::schema::run(args),
    }
}

fn build(site: PathBuf, out: Option<PathBuf>, timings: bool) -> ExitCode {
    let out = out.unwrap_or_else(|| site.join("public"));
    if timings {
        wegwijs::timings::enable();
    }
    let result = wegwijs::build::build(&site, &out);
    if timings {
        eprint!("{}", wegwijs::timings::table(&wegwijs::timings::take()));
    }
    match result {
        Ok(report) => {
            print_diagnostics(&report.diagnostics);
            let per_lang: Vec<String> = report
                .pages
                .iter()
                .filter(|(l, _)| !l.is_empty())
                .map(|(l, n)| format!("{l} {n}"))
                .collect();
            println!(
                "Built {} pages ({}) and {} files in all into {} in {} ms, {} warning(s).",
                report.pages.values().sum::<usize>(),
                per_lang.join(", "),
                report.files,
                out.display(),
                report.elapsed.as_millis(),
                report.diagnostics.warning_count()
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(&diags);
            eprintln!(
                "Build failed with {} error(s) and {} warning(s); {} was left as it was.",
                diags.error_count(),
                diags.warning_count(),
                out.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn cards(
    site: PathBuf,
    out: Option<PathBuf>,
    langs: Vec<String>,
    contacts: Vec<String>,
    title: Option<String>,
) -> ExitCode {
    let out = out.unwrap_or_else(|| site.join("cards"));
    let mut ids = Vec::new();
    for c in &contacts {
        match wegwijs::model::Id::parse(c) {
            Ok(id) => ids.push(id),
            Err(e) => {
                eprintln!("error: --contact {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let request = wegwijs::print::CardRequest {
        contacts: (!ids.is_empty()).then_some(ids),
        title,
    };
    match wegwijs::build::cards(&site, &out, &langs, &request) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics);
            for f in &report.files {
                println!("{}", f.display());
            }
            println!(
                "Printed {} card(s) in {} ms. Print double-sided, flip on short edge, at actual size.",
                report.files.len(),
                report.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(&diags);
            eprintln!("No cards written: {} error(s).", diags.error_count());
            ExitCode::FAILURE
        }
    }
}

fn translations(command: Translations) -> ExitCode {
    use wegwijs::translations::commands;
    let changes = match command {
        Translations::Status { site, format } => {
            let site = site.path();
            let loaded = match commands::load_site(&site) {
                Ok(l) => l,
                Err(diags) => return failed(&diags),
            };
            print_diagnostics(&loaded.warnings);
            let report = loaded.translations();
            match format {
                Format::Table => {
                    let name = loaded.site.config.name.source();
                    print!("{}", report.table(name));
                }
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("plain data")
                ),
            }
            return ExitCode::SUCCESS;
        }
        Translations::Accept {
            items,
            unverified,
            langs,
            all_languages,
            machine,
            site,
        } => {
            if !unverified && langs.is_empty() && !all_languages {
                eprintln!(
                    "error: say which languages' translations match their source: `--lang ti` (repeat for more), or `--all-languages`\n  help: accepting every language at once would also mark the outdated ones as current; `wegwijs translations status` shows which are outdated"
                );
                return ExitCode::FAILURE;
            }
            commands::accept(&site, &items, &langs, unverified, machine)
        }
        Translations::Minor { items, site } => commands::minor(&site, &items),
        Translations::Ui { site, lang } => {
            return match commands::write_ui_file(&site.path(), &lang) {
                Ok(file) => {
                    println!(
                        "Wrote {file}: every message of the site's menus, buttons and notices, to translate into {lang}. Until a message is translated, it shows in the source language."
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Translations::Export {
            site,
            lang,
            all,
            out,
        } => return export(&site.path(), &lang, all, out),
        Translations::Import {
            file,
            site,
            machine,
        } => return import(&site, &file, machine),
    };
    match changes {
        Ok(changes) => {
            for c in &changes {
                println!(
                    "{:<5} {} ({} before)",
                    c.lang.as_str(),
                    c.item,
                    c.before.describe()
                );
            }
            println!(
                "Recorded {} translation(s) as made from the current source in translations.yaml.",
                changes.len()
            );
            ExitCode::SUCCESS
        }
        Err(diags) => failed(&diags),
    }
}

fn export(site: &std::path::Path, lang: &str, all: bool, out: Option<PathBuf>) -> ExitCode {
    use wegwijs::translations::{commands, xliff};
    let loaded = match commands::load_site(site) {
        Ok(l) => l,
        Err(diags) => return failed(&diags),
    };
    let lang = match commands::parse_langs(&loaded.site, &[lang.to_owned()]) {
        Ok(l) => l[0].clone(),
        Err(diags) => return failed(&diags),
    };
    let out = out.unwrap_or_else(|| {
        let name = site
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "site".into());
        PathBuf::from(format!("{name}-{lang}.xlf"))
    });
    let exported = xliff::export(&loaded.site, &lang, all);
    if exported.items == 0 {
        println!(
            "Nothing to translate into {lang}: every text is up to date (use --all to export everything)."
        );
        return ExitCode::SUCCESS;
    }
    if let Err(e) = wegwijs::output::write_file_atomic(&out, exported.xml.as_bytes()) {
        eprintln!(
            "error: cannot write {}: {}",
            out.display(),
            wegwijs::diagnostics::io_words(&e)
        );
        return ExitCode::FAILURE;
    }
    println!(
        "Wrote {} ({} texts, {} units to translate into {lang}). Send it to the translator; import the translated file with `wegwijs translations import`.",
        out.display(),
        exported.items,
        exported.units
    );
    ExitCode::SUCCESS
}

fn import(site: &std::path::Path, file: &std::path::Path, machine: bool) -> ExitCode {
    match wegwijs::translations::xliff::import(site, file, machine) {
        Ok(r) => {
            print_diagnostics(&r.diagnostics);
            for f in &r.files {
                println!("wrote {f}");
            }
            let lang = r.lang.as_ref().map_or("", |l| l.as_str());
            println!(
                "Imported {} translated text(s) into {lang}; {} without a new translation left as they were{}",
                r.written.len(),
                r.untranslated.len(),
                if r.untranslated.is_empty() { "." } else { ":" }
            );
            for item in &r.untranslated {
                println!("  {item}");
            }
            if r.diagnostics.has_errors() {
                eprintln!(
                    "{} text(s) were refused (see above); the others were imported.",
                    r.diagnostics.error_count()
                );
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(diags) => failed(&diags),
    }
}

fn failed(diags: &Diagnostics) -> ExitCode {
    print_diagnostics(diags);
    eprintln!("Nothing was changed: {} error(s).", diags.error_count());
    ExitCode::FAILURE
}
