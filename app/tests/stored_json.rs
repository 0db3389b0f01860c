//! Exercise versions and scores stay readable across changes to the browser's types. The
//! fixtures in `tests/fixtures/stored-*.json` are rows in the shape Koers wrote before the
//! stored format got its own types (commit e4534c5): they must read, score the same and be
//! written back unchanged.

use std::collections::BTreeMap;

use app::model::exercises::ScoreDto;
use app::server::service::scoring;
use app::server::stored;

const QUESTIONS: &str = include_str!("fixtures/stored-questions.json");
const SCORING: &str = include_str!("fixtures/stored-scoring.json");
const SCORES: &str = include_str!("fixtures/stored-scores.json");

fn same_json(written: &str, fixture: &str) {
    let written: serde_json::Value = serde_json::from_str(written).expect("Koers writes JSON");
    let fixture: serde_json::Value = serde_json::from_str(fixture).expect("fixture is JSON");
    assert_eq!(written, fixture);
}

#[test]
fn questions_stored_before_the_split_read_and_write_back_unchanged() {
    let questions = stored::questions(QUESTIONS).expect("stored questions read");
    let kinds: Vec<&str> = questions.iter().map(|q| q.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "scale",
            "scale",
            "scale",
            "short_text",
            "long_text",
            "single_choice",
            "multiple_choice",
            "checklist",
            "date",
            "file"
        ]
    );
    let first = &questions[0];
    assert_eq!(first.key, "q1");
    assert_eq!(first.prompt, "Ik neem rustig de tijd voor een besluit.");
    assert!(first.required);
    assert_eq!((first.scale_min, first.scale_max), (1, 5));
    assert_eq!(
        (first.min_label.as_str(), first.max_label.as_str()),
        ("Nooit", "Altijd")
    );
    assert_eq!(questions[3].help, "Eén zin is genoeg.");
    assert_eq!(questions[5].options, ["Ja", "Nee", "Weet ik niet"]);
    assert!(!questions[9].required);

    same_json(&stored::questions_json(&questions).unwrap(), QUESTIONS);
}

#[test]
fn scoring_and_scores_stored_before_the_split_score_the_same() {
    let questions = stored::questions(QUESTIONS).unwrap();
    let rules = stored::scoring(Some(SCORING)).expect("stored scoring reads");
    assert_eq!(rules.last_key, 3);
    assert_eq!(rules.scales[0].name, "Besluitvaardigheid");
    assert!(rules.scales[0].items[1].reverse);
    assert_eq!(rules.scales[1].items[0].weight, 2.0);
    same_json(&stored::scoring_json(&rules).unwrap().unwrap(), SCORING);

    // The answers that were submitted when the fixture's scores were stored.
    let answers: BTreeMap<String, Vec<String>> = [("q1", "4"), ("q2", "2"), ("q3", "3")]
        .into_iter()
        .map(|(key, value)| (key.to_string(), vec![value.to_string()]))
        .collect();
    let kept = stored::scores(Some(SCORES));
    assert_eq!(
        kept,
        [
            ScoreDto {
                scale: "s1".into(),
                name: "Besluitvaardigheid".into(),
                score: 4.0,
                band: Some("Hoog".into()),
                answered: 2,
                items: 2,
            },
            ScoreDto {
                scale: "s3".into(),
                name: "Steun zoeken".into(),
                score: 3.2,
                band: Some("Veel".into()),
                answered: 2,
                items: 2,
            },
        ]
    );
    assert_eq!(scoring::score(&rules, &questions, &answers), kept);
    same_json(&stored::scores_json(&kept).unwrap(), SCORES);
}

#[test]
fn fields_a_row_leaves_out_take_their_defaults() {
    let questions =
        stored::questions(r#"[{"key":"q1","kind":"long_text","prompt":"Wat speelt er?"}]"#)
            .expect("a question with only key, kind and prompt reads");
    assert_eq!(questions[0].prompt, "Wat speelt er?");
    assert!(!questions[0].required && questions[0].options.is_empty());

    let rules = stored::scoring(Some(
        r#"{"scales":[{"key":"s1","name":"Rust","items":[{"question":"q1","weight":1.0}],"bands":[]}]}"#,
    ))
    .expect("an item without reverse reads");
    assert!(!rules.scales[0].items[0].reverse);
    assert_eq!(rules.last_key, 0);

    // No scoring stored is an unscored exercise, and an unscored exercise stores nothing.
    let none = stored::scoring(None).unwrap();
    assert!(none.scales.is_empty());
    assert_eq!(stored::scoring_json(&none).unwrap(), None);
}

#[test]
fn a_broken_row_is_an_internal_error_and_broken_scores_show_none() {
    assert_eq!(
        stored::questions("{not json").unwrap_err(),
        app::error::AppError::Internal
    );
    assert!(stored::scores(Some("[{")).is_empty());
    assert!(stored::scores(None).is_empty());
}
