//! `wegwijs init DIR [--town NAME] [--url URL]`: a new site from the built-in example, with the
//! town's name and address filled in where the example has its own, and a checklist of what
//! to change next.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wegwijs::translations;

/// The example town's name as it is written in the example's languages.
const EXAMPLE_TOWN: &[&str] = &["Lindewaard", "ليندفارد", "ሊንደዋርድ", "لینده\u{200c}وارد"];

/// The example's own address, which `--url` replaces.
const EXAMPLE_URL: &str = "https://welkom.lindewaard.example";

#[derive(clap::Args)]
pub struct InitArgs {
    /// A new or empty folder
    dir: PathBuf,
    /// The town's name, written into the site wherever the example has its own
    #[arg(long, value_name = "NAME")]
    town: Option<String>,
    /// The address the site will be published at, like https://welkom.zwolle.nl
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

pub fn run(mut args: InitArgs) -> ExitCode {
    let fail = |message: String| {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    };
    // Asked for in a terminal when not given; a script that gives neither gets the example's.
    let stdin = std::io::stdin();
    if (args.town.is_none() || args.url.is_none()) && stdin.is_terminal() {
        let (mut input, mut output) = (stdin.lock(), std::io::stdout());
        if args.town.is_none() {
            args.town = ask(
                &mut input,
                &mut output,
                "The town's name, as people read it (like Zwolle; Enter: keep the example's)",
                check_town,
            );
        }
        if args.url.is_none() {
            args.url = ask(
                &mut input,
                &mut output,
                "The address the site will be published at (like https://welkom.zwolle.nl; Enter: decide later)",
                check_url,
            );
        }
    }
    let town = match args.town.as_deref().map(check_town).transpose() {
        Ok(t) => t,
        Err(e) => return fail(format!("--town {e}, like --town \"Zwolle\"")),
    };
    let town = town.as_deref();
    if let Some(Err(e)) = args.url.as_deref().map(check_url) {
        return fail(format!("--url {e}, like --url https://welkom.zwolle.nl"));
    }
    let n = match wegwijs::load::write_example_site(&args.dir) {
        Ok(n) => n,
        Err(e) => return fail(format!("cannot create the site: {e}")),
    };
    let dir = &args.dir;
    if let Some(town) = town {
        let example = "is a fictional municipality. Every person, phone number, e-mail address and street\n# in this example is invented; replace them with your own.";
        let ours = format!(
            "has a site started from wegwijs' example town. The example's people, phone numbers,\n# e-mail addresses and streets are invented: replace them with {town}'s own."
        );
        let done = rename_town(dir, town).and_then(|()| {
            replace_in(&dir.join("site.yaml"), &[example], &ours).map_err(|e| e.to_string())
        });
        if let Err(e) = done {
            return fail(format!("cannot write the town's name into the site: {e}"));
        }
    }
    if let Some(url) = &args.url
        && let Err(e) = replace_in(
            &dir.join("site.yaml"),
            &[EXAMPLE_URL],
            url.trim_end_matches('/'),
        )
    {
        return fail(format!("cannot write the address into site.yaml: {e}"));
    }
    if let Err(e) = add_modelines(dir).and_then(|()| super::schema::write(dir)) {
        return fail(format!("cannot write the schemas for editors: {e}"));
    }
    let shown = dir.display();
    match town {
        Some(t) => println!("Created a new site for {t} in {shown} ({n} files)."),
        None => println!("Created a new site in {shown} ({n} files)."),
    }
    println!("What to change next, in this order:");
    if town.is_none() {
        println!(
            "  1. site.yaml: the town's name (the example's is Lindewaard) in `name` and `welcome`, in every language; `base_url`: where the site will be published."
        );
    } else {
        println!(
            "  1. site.yaml: read `name` and `welcome` in every language. The town's name is written in Latin letters in the Arabic, Tigrinya and Farsi texts: ask a translator for its local spelling.{}",
            if args.url.is_none() {
                " `base_url`: where the site will be published."
            } else {
                ""
            }
        );
    }
    println!(
        "  2. services/ and contacts/: the example's services and people are invented (their addresses end in .example). Replace them with your town's, or delete the files."
    );
    println!(
        "  3. guides/: read each guide; they explain Dutch procedures, but were written for the example town."
    );
    println!("  4. Your town's map: wegwijs map import <extract.osm.pbf> {shown}");
    println!(
        "  5. wegwijs serve {shown} to see the site as you edit; wegwijs check {shown} for every problem at once; wegwijs build {shown} to publish."
    );
    println!(
        "Editing in VS Code: with its \"YAML\" extension (Red Hat) it offers every field with an explanation and the site's own ids, and underlines mistakes as you type. After adding a language, category, service, contact or guide, run wegwijs schema {shown} so that it is offered too."
    );
    ExitCode::SUCCESS
}

/// A town's name as given, trimmed; or why it is not one.
fn check_town(t: &str) -> Result<String, String> {
    let t = t.trim();
    if t.is_empty() || t.contains(['\n', ':', '#', '{', '}', '[', ']']) {
        return Err(format!(
            "`{t}` is not a town's name: write it as people read it"
        ));
    }
    Ok(t.to_owned())
}

/// A web address as given; or why it is not one.
fn check_url(u: &str) -> Result<String, String> {
    let u = u.trim();
    if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(char::is_whitespace) {
        return Err(format!("`{u}` is not a web address: write it in full"));
    }
    Ok(u.to_owned())
}

/// Asks `question` until the answer passes `check` or is empty (`None`: keep the default).
fn ask(
    input: &mut impl BufRead,
    output: &mut impl Write,
    question: &str,
    check: impl Fn(&str) -> Result<String, String>,
) -> Option<String> {
    loop {
        let _ = write!(output, "{question}: ");
        let _ = output.flush();
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 || line.trim().is_empty() {
            return None;
        }
        match check(&line) {
            Ok(answer) => return Some(answer),
            Err(e) => {
                let _ = writeln!(output, "{e}.");
            }
        }
    }
}

/// Writes `town` wherever the example has its own name, in every file. Translations that
/// were current stay current: their source changed in the same way.
fn rename_town(dir: &Path, town: &str) -> Result<(), String> {
    let before = not_current(dir)?;
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let text_file = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "md" | "ftl")
        );
        if entry.file_type().is_file() && text_file {
            replace_in(path, EXAMPLE_TOWN, town).map_err(|e| e.to_string())?;
        }
    }
    let after = wegwijs::build::load(dir)
        .map_err(|d| d.render(false))
        .map(|l| l.translations)?;
    for lang in &after.languages {
        let was_current = |key: &String| {
            before
                .iter()
                .find(|(l, _)| l == lang.lang.as_str())
                .is_some_and(|(_, keys)| !keys.contains(key))
        };
        let renamed: Vec<String> = lang
            .outdated
            .iter()
            .filter(|k| was_current(k))
            .cloned()
            .collect();
        if renamed.is_empty() {
            continue;
        }
        translations::commands::accept(dir, &renamed, &[lang.lang.to_string()], false, false)
            .map_err(|d| d.render(false))?;
    }
    Ok(())
}

/// Per language, the texts whose translation is not current.
fn not_current(dir: &Path) -> Result<Vec<(String, Vec<String>)>, String> {
    let loaded = wegwijs::build::load(dir).map_err(|d| d.render(false))?;
    let report = loaded.translations;
    Ok(report
        .languages
        .iter()
        .map(|l| {
            let keys = l
                .outdated
                .iter()
                .chain(&l.missing)
                .chain(&l.unverified)
                .chain(&l.machine)
                .cloned()
                .collect();
            (l.lang.to_string(), keys)
        })
        .collect())
}

/// Starts every YAML file staff edit with the line that tells an editor's YAML language
/// server its schema (`wegwijs schema` writes them), so that it completes and underlines as
/// one types. `translations.yaml` is written by wegwijs and named in `.vscode/settings.json`.
fn add_modelines(dir: &Path) -> Result<(), String> {
    use wegwijs::load::schema::{SchemaFile, modeline};
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let edited = |k: &SchemaFile| {
            matches!(
                k,
                SchemaFile::Site | SchemaFile::Service | SchemaFile::Contact
            )
        };
        let Some(kind) = SchemaFile::of_path(&relative).filter(edited) else {
            continue;
        };
        let path = entry.path();
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        if text.starts_with("# yaml-language-server:") {
            continue;
        }
        let new = format!("{}\n{text}", modeline(kind, &relative));
        wegwijs::output::write_file_atomic(path, new.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Replaces each of `from` by `to` in the file at `path`, written atomically.
fn replace_in(path: &Path, from: &[&str], to: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let mut new = text.clone();
    for f in from {
        new = new.replace(f, to);
    }
    if new != text {
        wegwijs::output::write_file_atomic(path, new.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_asked_again_until_the_answer_will_do() {
        let mut input = std::io::Cursor::new("welkom.zwolle.nl\n https://welkom.zwolle.nl \n");
        let mut output = Vec::new();
        let answer = ask(&mut input, &mut output, "The address", check_url);
        assert_eq!(answer.as_deref(), Some("https://welkom.zwolle.nl"));
        let said = String::from_utf8(output).unwrap();
        assert_eq!(said.matches("The address: ").count(), 2, "{said}");
        assert!(
            said.contains("`welkom.zwolle.nl` is not a web address"),
            "{said}"
        );
        // Enter, or the end of the input, keeps the example's.
        let mut input = std::io::Cursor::new("\n");
        assert_eq!(
            ask(&mut input, &mut Vec::new(), "The town", check_town),
            None
        );
        let mut input = std::io::Cursor::new("");
        assert_eq!(
            ask(&mut input, &mut Vec::new(), "The town", check_town),
            None
        );
        assert!(check_town("Zwolle: de stad").is_err());
        assert_eq!(check_town(" Zwolle ").unwrap(), "Zwolle");
    }
}
