//! Two scored assessments written for Koers, put in the library of every new organization
//! so a practice can start at once. They are ordinary exercises: coaches may change, copy
//! or archive them.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use crate::error::AppError;
use crate::model::exercises::{BandDto, ItemDto, QuestionDto, QuestionKind, ScaleDto, ScoringDto};
use crate::server::service::exercises::FirstVersion;
use crate::server::stored;

/// A scale: its name, items as (question number, weight, reverse) and bands as (label,
/// min, max).
type Scale = (
    &'static str,
    &'static [(usize, f64, bool)],
    &'static [(&'static str, f64, f64)],
);

struct Example {
    title: &'static str,
    intro: &'static str,
    /// Scale questions share one range and end labels.
    range: (i32, i32),
    labels: (&'static str, &'static str),
    /// Prompts of the scale questions, in order: q1, q2, …
    items: &'static [&'static str],
    /// One open question after the scale questions.
    open: (QuestionKind, &'static str),
    scales: &'static [Scale],
}

const EXAMPLES: [Example; 2] = [
    Example {
        title: "Energiecheck werk",
        intro: "Met deze vragenlijst zie je wat je werk je **oplevert** en wat het je **kost**. \
                Er zijn geen goede of foute antwoorden. Kies steeds wat de afgelopen maand het \
                best bij je paste.",
        range: (1, 5),
        labels: ("helemaal niet", "helemaal wel"),
        items: &[
            "Ik begin de werkdag meestal met zin.",
            "Na een werkdag heb ik nog puf voor dingen die ik leuk vind.",
            "In mijn werk kan ik doen waar ik goed in ben.",
            "Aan het eind van de week voel ik me leeg.",
            "Ik heb het gevoel dat ik achter de feiten aan loop.",
            "Ik bepaal grotendeels zelf hoe ik mijn werk aanpak.",
            "Werkzaken houden me 's nachts wakker.",
        ],
        open: (
            QuestionKind::LongText,
            "Wat zou je werk morgen een beetje lichter maken?",
        ),
        scales: &[
            (
                "Energiebronnen",
                &[(1, 1.0, false), (3, 2.0, false), (6, 1.0, false)],
                &[
                    ("Laag", 1.0, 2.5),
                    ("Gemiddeld", 2.51, 3.5),
                    ("Hoog", 3.51, 5.0),
                ],
            ),
            (
                "Herstel",
                &[
                    (2, 1.0, false),
                    (4, 1.0, true),
                    (5, 1.0, true),
                    (7, 2.0, true),
                ],
                &[
                    ("Laag", 1.0, 2.5),
                    ("Gemiddeld", 2.51, 3.5),
                    ("Hoog", 3.51, 5.0),
                ],
            ),
        ],
    },
    Example {
        title: "Veerkracht bij verandering",
        intro: "Een verandering in werk of loopbaan vraagt veel van je. Deze korte lijst laat \
                zien hoe je er nu mee omgaat. Vul in wat de laatste weken voor jou gold; je \
                kunt hem later opnieuw invullen om te zien wat er verschuift.",
        range: (1, 7),
        labels: ("klopt helemaal niet", "klopt helemaal"),
        items: &[
            "Als iets tegenzit, zoek ik vrij snel naar wat ik wél kan doen.",
            "Onverwachte veranderingen brengen me lang van slag.",
            "Ik durf anderen om hulp te vragen als ik vastloop.",
            "Een terugslag zie ik vooral als iets waar ik van leer.",
            "Ik blijf lang malen over wat er mis is gegaan.",
            "Ik vertrouw erop dat ik mijn weg vind, ook als het anders loopt dan gepland.",
        ],
        open: (
            QuestionKind::ShortText,
            "Wie of wat helpt jou het meest als het even tegenzit?",
        ),
        scales: &[(
            "Veerkracht",
            &[
                (1, 1.0, false),
                (2, 1.0, true),
                (3, 1.0, false),
                (4, 1.0, false),
                (5, 1.0, true),
                (6, 1.0, false),
            ],
            &[
                ("Aandachtspunt", 1.0, 3.5),
                ("Op weg", 3.51, 5.0),
                ("Sterk", 5.01, 7.0),
            ],
        )],
    },
];

fn content(example: &Example) -> (Vec<QuestionDto>, ScoringDto) {
    let mut questions: Vec<QuestionDto> = example
        .items
        .iter()
        .enumerate()
        .map(|(i, prompt)| QuestionDto {
            key: format!("q{}", i + 1),
            kind: QuestionKind::Scale,
            prompt: prompt.to_string(),
            help: String::new(),
            required: true,
            options: Vec::new(),
            scale_min: example.range.0,
            scale_max: example.range.1,
            min_label: example.labels.0.to_string(),
            max_label: example.labels.1.to_string(),
        })
        .collect();
    questions.push(QuestionDto {
        key: format!("q{}", example.items.len() + 1),
        kind: example.open.0,
        prompt: example.open.1.to_string(),
        help: String::new(),
        required: false,
        options: Vec::new(),
        scale_min: 0,
        scale_max: 0,
        min_label: String::new(),
        max_label: String::new(),
    });
    let scales: Vec<ScaleDto> = example
        .scales
        .iter()
        .enumerate()
        .map(|(i, (name, items, bands))| ScaleDto {
            key: format!("s{}", i + 1),
            name: name.to_string(),
            items: items
                .iter()
                .map(|(n, weight, reverse)| ItemDto {
                    question: format!("q{n}"),
                    weight: *weight,
                    reverse: *reverse,
                })
                .collect(),
            bands: bands
                .iter()
                .map(|(label, min, max)| BandDto {
                    label: label.to_string(),
                    min: *min,
                    max: *max,
                })
                .collect(),
        })
        .collect();
    let last_key = scales.len() as i32;
    (questions, ScoringDto { scales, last_key })
}

/// Puts the example assessments in a new organization's library.
pub async fn install<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    organization_id: i32,
) -> Result<(), AppError> {
    for example in &EXAMPLES {
        let (questions, scoring) = content(example);
        super::exercises::insert_new(
            db,
            now,
            FirstVersion {
                organization_id,
                created_by: None,
                title: example.title.to_string(),
                last_key: questions.len() as i32,
                intro: example.intro.to_string(),
                questions: stored::questions_json(&questions)?,
                scoring: stored::scoring_json(&scoring)?,
            },
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::service::scoring::score;
    use std::collections::BTreeMap;

    #[test]
    fn every_item_of_the_examples_is_a_scale_question_and_every_score_has_a_band() {
        for example in &EXAMPLES {
            let (questions, scoring) = content(example);
            for scale in &scoring.scales {
                for item in &scale.items {
                    let q = questions.iter().find(|q| q.key == item.question).unwrap();
                    assert_eq!(
                        q.kind,
                        QuestionKind::Scale,
                        "{}: {}",
                        example.title,
                        item.question
                    );
                }
            }
            // Any answer, in steps of one, gets a band: the bands leave no gaps.
            let (low, high) = example.range;
            for value in low..=high {
                let answers: BTreeMap<String, Vec<String>> = questions
                    .iter()
                    .map(|q| (q.key.clone(), vec![value.to_string()]))
                    .collect();
                for s in score(&scoring, &questions, &answers) {
                    assert!(
                        s.band.is_some(),
                        "{} {}: {}",
                        example.title,
                        s.name,
                        s.score
                    );
                }
            }
        }
        // Energiecheck, all answers 4: sources (4 + 2·4 + 4) / 4 = 4 → Hoog; recovery:
        // q2 = 4, q4, q5 reversed = 2, q7 reversed = 2 with weight 2: (4 + 2 + 2 + 4) / 5 = 2.4.
        let (questions, scoring) = content(&EXAMPLES[0]);
        let fours: BTreeMap<String, Vec<String>> = questions
            .iter()
            .map(|q| (q.key.clone(), vec!["4".to_string()]))
            .collect();
        let scores = score(&scoring, &questions, &fours);
        assert_eq!(
            (scores[0].score, scores[0].band.as_deref()),
            (4.0, Some("Hoog"))
        );
        assert_eq!(
            (scores[1].score, scores[1].band.as_deref()),
            (2.4, Some("Laag"))
        );
    }
}
