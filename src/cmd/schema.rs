//! `wegwijs schema [SITE]`: the JSON Schema of every kind of file, with the site's own ids and
//! languages, written into `.wegwijs/schema/`, and an editor's settings that use them.

use std::path::Path;
use std::process::ExitCode;

use wegwijs::load::schema::{SCHEMA_DIR, SchemaFile, SiteIds, schema};

use super::SiteFolder;

#[derive(clap::Args)]
pub struct SchemaArgs {
    #[command(flatten)]
    site: SiteFolder,
}

pub fn run(args: SchemaArgs) -> ExitCode {
    let dir = args.site.path();
    match write(&dir) {
        Ok(()) => {
            println!(
                "Wrote the schemas of site.yaml, services, contacts, guides and translations.yaml into {}.",
                dir.join(SCHEMA_DIR).display()
            );
            println!(
                "An editor with a YAML language server (VS Code with the \"YAML\" extension by Red Hat) now completes fields and ids and underlines mistakes as you type. Run `wegwijs schema` again after adding a language, category, service, contact or guide."
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the schemas of the site at `dir` (which may still have errors) and the settings that
/// tell VS Code which files each describes (`.vscode/settings.json`, when there is none yet).
pub fn write(dir: &Path) -> Result<(), String> {
    let (raw, diags) = wegwijs::load::load_site(dir);
    if raw.config.is_none() && !dir.join(wegwijs::load::CONFIG_FILE).is_file() {
        return Err(diags.render(false));
    }
    let (theme, _) = wegwijs::load::Theme::load(&raw.dir);
    let ids = SiteIds::of(&raw, theme.icons.keys().cloned());
    for file in SchemaFile::ALL {
        let json = serde_json::to_string_pretty(&schema(file, &ids)).expect("JSON values print");
        let path = dir.join(SCHEMA_DIR).join(file.file_name());
        wegwijs::output::write_file_atomic(&path, json.as_bytes())
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    let settings = dir.join(".vscode/settings.json");
    if !settings.exists() {
        let schemas: serde_json::Map<String, serde_json::Value> = SchemaFile::ALL
            .iter()
            .filter(|f| **f != SchemaFile::GuideFrontMatter)
            .map(|f| {
                (
                    format!("./{SCHEMA_DIR}/{}", f.file_name()),
                    serde_json::json!([f.files()]),
                )
            })
            .collect();
        let json = serde_json::to_string_pretty(&serde_json::json!({ "yaml.schemas": schemas }))
            .expect("JSON values print");
        wegwijs::output::write_file_atomic(&settings, json.as_bytes())
            .map_err(|e| format!("cannot write `{}`: {e}", settings.display()))?;
    }
    Ok(())
}
