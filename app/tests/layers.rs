//! The layers point one way: pages → api → server (services, entities), all of them using
//! `model`. These checks read the source, so a wrong import fails the suite, not a review.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            found.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
    found
}

/// Every `file:line` under `dir` whose code (not its comments) names one of `needles`.
fn lines_naming(dir: &str, needles: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut hits = Vec::new();
    for path in rust_files(&root) {
        let source = fs::read_to_string(&path).expect("readable source");
        for (number, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if needles.iter().any(|needle| code.contains(needle)) {
                hits.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    hits
}

#[test]
fn services_never_reach_up_into_the_api() {
    let hits = lines_naming("src/server", &["crate::api", "api::"]);
    assert!(
        hits.is_empty(),
        "the server side takes its types from crate::model, not crate::api:\n{}",
        hits.join("\n")
    );
}

#[test]
fn the_model_depends_on_serde_and_types_only() {
    let hits = lines_naming(
        "src/model",
        &[
            "crate::api",
            "crate::server",
            "crate::pages",
            "crate::components",
            "leptos",
            "sea_orm",
        ],
    );
    assert!(
        hits.is_empty(),
        "model is shared by both builds and knows no other layer:\n{}",
        hits.join("\n")
    );
}

#[test]
fn the_checks_see_the_source() {
    // Guards the two tests above against passing because they read nothing.
    assert!(lines_naming("src/server", &["crate::model"]).len() > 20);
    assert!(!lines_naming("src/model", &["Serialize"]).is_empty());
}
