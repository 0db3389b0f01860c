//! Scores of a submitted assessment. A scale's score is the weighted mean of its answered
//! items, each counted from the other end when reverse-scored; the first band whose range
//! (both ends included) holds the score names it. Pure functions: the service stores what
//! they return with the submission.

use std::collections::BTreeMap;

use crate::error::{AppError, FieldProblem};
#[cfg(test)]
use crate::model::exercises::bands_text;
use crate::model::exercises::{BandDto, QuestionDto, ScaleDto, ScoreDto, ScoringDto};

/// Scores for every scale with at least one answered item.
pub fn score(
    scoring: &ScoringDto,
    questions: &[QuestionDto],
    answers: &BTreeMap<String, Vec<String>>,
) -> Vec<ScoreDto> {
    scoring
        .scales
        .iter()
        .filter_map(|scale| {
            let mut weighted = 0.0;
            let mut weights = 0.0;
            let mut answered = 0;
            for item in &scale.items {
                let Some(q) = questions.iter().find(|q| q.key == item.question) else {
                    continue;
                };
                let Some(value) = answers
                    .get(&item.question)
                    .and_then(|v| v.first())
                    .and_then(|v| v.trim().parse::<i32>().ok())
                else {
                    continue;
                };
                let counted = if item.reverse {
                    q.scale_min + q.scale_max - value
                } else {
                    value
                };
                weighted += item.weight * f64::from(counted);
                weights += item.weight;
                answered += 1;
            }
            if answered == 0 || weights <= 0.0 {
                return None;
            }
            let score = (weighted / weights * 100.0).round() / 100.0;
            Some(ScoreDto {
                scale: scale.key.clone(),
                name: scale.name.clone(),
                score,
                band: band_for(&scale.bands, score),
                answered,
                items: scale.items.len(),
            })
        })
        .collect()
}

pub fn band_for(bands: &[BandDto], score: f64) -> Option<String> {
    bands
        .iter()
        .find(|b| b.min <= score && score <= b.max)
        .map(|b| b.label.clone())
}

fn number(raw: &str) -> Option<f64> {
    raw.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// Reads bands written one per line as `Laag: 1 – 2,5` (also `-` or `tot`, decimal comma
/// or point).
pub fn parse_bands(raw: &str) -> Result<Vec<BandDto>, AppError> {
    let invalid = || AppError::field("bands", FieldProblem::BandsInvalid);
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (label, range) = line.rsplit_once(':').ok_or_else(invalid)?;
            let range = range.replace(" tot ", "–").replace('—', "–");
            let (min, max) = range
                .split_once('–')
                .or_else(|| range.split_once('-'))
                .ok_or_else(invalid)?;
            let (min, max) = (
                number(min).ok_or_else(invalid)?,
                number(max).ok_or_else(invalid)?,
            );
            let label = label.trim();
            if label.is_empty() || label.chars().count() > 60 || min > max {
                return Err(invalid());
            }
            Ok(BandDto {
                label: label.to_string(),
                min,
                max,
            })
        })
        .collect()
}

/// Weights are whole or decimal numbers from 0 to 10; empty or 0 leaves the question out.
pub fn parse_weight(raw: &str) -> Result<Option<f64>, AppError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    match number(raw) {
        Some(0.0) => Ok(None),
        Some(w) if (0.0..=10.0).contains(&w) => Ok(Some(w)),
        _ => Err(AppError::field("weights", FieldProblem::WeightRange)),
    }
}

/// The lowest and highest score a scale can have: its items' shared range.
pub fn range(scale: &ScaleDto, questions: &[QuestionDto]) -> (i32, i32) {
    let ranges: Vec<(i32, i32)> = scale
        .items
        .iter()
        .filter_map(|i| questions.iter().find(|q| q.key == i.question))
        .map(|q| (q.scale_min, q.scale_max))
        .collect();
    (
        ranges.iter().map(|r| r.0).min().unwrap_or(0),
        ranges.iter().map(|r| r.1).max().unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exercises::ItemDto;

    fn scale_question(key: &str, min: i32, max: i32) -> QuestionDto {
        QuestionDto {
            key: key.to_string(),
            kind: crate::model::exercises::QuestionKind::Scale,
            prompt: key.to_string(),
            help: String::new(),
            required: false,
            options: Vec::new(),
            scale_min: min,
            scale_max: max,
            min_label: String::new(),
            max_label: String::new(),
        }
    }

    fn item(question: &str, weight: f64, reverse: bool) -> ItemDto {
        ItemDto {
            question: question.to_string(),
            weight,
            reverse,
        }
    }

    fn bands() -> Vec<BandDto> {
        parse_bands("Laag: 1 – 2,5\nGemiddeld: 2,5 – 3,5\nHoog: 3,5 - 5").unwrap()
    }

    fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
            .collect()
    }

    fn scoring(items: Vec<ItemDto>) -> ScoringDto {
        ScoringDto {
            scales: vec![ScaleDto {
                key: "s1".to_string(),
                name: "Energie".to_string(),
                items,
                bands: bands(),
            }],
            last_key: 1,
        }
    }

    #[test]
    fn a_weighted_mean_with_reverse_items_by_hand() {
        let questions = vec![
            scale_question("q1", 1, 5),
            scale_question("q2", 1, 5),
            scale_question("q3", 1, 5),
        ];
        // q1 = 4 (weight 2), q2 = 2 reversed on 1–5 counts as 4 (weight 1),
        // q3 = 1 (weight 1): (2·4 + 1·4 + 1·1) / (2 + 1 + 1) = 13 / 4 = 3.25 → Gemiddeld.
        let result = score(
            &scoring(vec![
                item("q1", 2.0, false),
                item("q2", 1.0, true),
                item("q3", 1.0, false),
            ]),
            &questions,
            &answers(&[("q1", "4"), ("q2", "2"), ("q3", "1")]),
        );
        assert_eq!(result.len(), 1);
        assert_eq!(result[0].score, 3.25);
        assert_eq!(result[0].band.as_deref(), Some("Gemiddeld"));
        assert_eq!((result[0].answered, result[0].items), (3, 3));
    }

    #[test]
    fn reverse_scoring_uses_the_questions_own_range() {
        // On 0–10, a 3 reversed counts as 7; on 1–7, a 7 reversed counts as 1.
        let questions = vec![scale_question("q1", 0, 10), scale_question("q2", 1, 7)];
        let result = score(
            &scoring(vec![item("q1", 1.0, true), item("q2", 1.0, true)]),
            &questions,
            &answers(&[("q1", "3"), ("q2", "7")]),
        );
        // (7 + 1) / 2 = 4.
        assert_eq!(result[0].score, 4.0);
        assert_eq!(result[0].band.as_deref(), Some("Hoog"));
    }

    #[test]
    fn band_edges_belong_to_the_first_band_that_holds_them() {
        let bands = bands();
        assert_eq!(band_for(&bands, 1.0).as_deref(), Some("Laag"));
        assert_eq!(band_for(&bands, 2.5).as_deref(), Some("Laag"));
        assert_eq!(band_for(&bands, 2.51).as_deref(), Some("Gemiddeld"));
        assert_eq!(band_for(&bands, 3.5).as_deref(), Some("Gemiddeld"));
        assert_eq!(band_for(&bands, 3.51).as_deref(), Some("Hoog"));
        assert_eq!(band_for(&bands, 5.0).as_deref(), Some("Hoog"));
        assert_eq!(band_for(&bands, 0.99), None);
        // Two items 2 and 3 with equal weight: exactly 2.5, the edge.
        let questions = vec![scale_question("q1", 1, 5), scale_question("q2", 1, 5)];
        let result = score(
            &scoring(vec![item("q1", 1.0, false), item("q2", 1.0, false)]),
            &questions,
            &answers(&[("q1", "2"), ("q2", "3")]),
        );
        assert_eq!(result[0].score, 2.5);
        assert_eq!(result[0].band.as_deref(), Some("Laag"));
    }

    #[test]
    fn unanswered_items_are_left_out_and_rounding_is_to_two_decimals() {
        let questions = vec![
            scale_question("q1", 1, 5),
            scale_question("q2", 1, 5),
            scale_question("q3", 1, 5),
        ];
        let all = scoring(vec![
            item("q1", 1.0, false),
            item("q2", 1.0, false),
            item("q3", 1.0, false),
        ]);
        // (5 + 4 + 4) / 3 = 4.333… → 4.33.
        let three = score(
            &all,
            &questions,
            &answers(&[("q1", "5"), ("q2", "4"), ("q3", "4")]),
        );
        assert_eq!(three[0].score, 4.33);
        // Only q1 answered: 5 / 1.
        let one = score(&all, &questions, &answers(&[("q1", "5")]));
        assert_eq!((one[0].score, one[0].answered, one[0].items), (5.0, 1, 3));
        // Nothing answered: no score at all rather than a zero.
        assert!(score(&all, &questions, &answers(&[])).is_empty());
    }

    #[test]
    fn bands_and_weights_are_read_as_coaches_write_them() {
        let read = parse_bands("  Laag : 0 tot 4,5 \n\nHoog: 4.5—10").unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(
            (read[0].label.as_str(), read[0].min, read[0].max),
            ("Laag", 0.0, 4.5)
        );
        assert_eq!((read[1].min, read[1].max), (4.5, 10.0));
        assert_eq!(parse_bands(&bands_text(&read)).unwrap(), read);
        for wrong in ["Laag 1 - 2", "Laag: hoog - 2", "Laag: 3 - 2", ": 1 - 2"] {
            assert_eq!(
                parse_bands(wrong).unwrap_err().problem_for("bands"),
                Some(FieldProblem::BandsInvalid),
                "{wrong}"
            );
        }
        assert_eq!(parse_weight("").unwrap(), None);
        assert_eq!(parse_weight("0").unwrap(), None);
        assert_eq!(parse_weight("1,5").unwrap(), Some(1.5));
        assert!(parse_weight("11").is_err());
        assert!(parse_weight("-1").is_err());
    }
}
