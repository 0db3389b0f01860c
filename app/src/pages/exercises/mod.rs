//! The exercise library: list, create, build (introduction and questions), preview,
//! duplicate, archive.

mod scoring;

use leptos::prelude::*;

use crate::components::form::{posted_name, CARD, INPUT};
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::exercises::{
    exercise, list_exercises, AddQuestion, ArchiveExercise, CreateExercise, DuplicateExercise,
    MoveQuestion, QuestionDto, QuestionKind, RemoveQuestion, UpdateExercise, UpdateQuestion,
};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{raw_text, TextArea, TextField, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::components::question::QuestionView;
use crate::error::AppError;
use crate::i18n::*;

pub fn kind_label(i18n: I18nContext<Locale>, kind: QuestionKind) -> String {
    match kind {
        QuestionKind::ShortText => t_string!(i18n, exercises.short_text),
        QuestionKind::LongText => t_string!(i18n, exercises.long_text),
        QuestionKind::Scale => t_string!(i18n, exercises.scale),
        QuestionKind::SingleChoice => t_string!(i18n, exercises.single_choice),
        QuestionKind::MultipleChoice => t_string!(i18n, exercises.multiple_choice),
        QuestionKind::Checklist => t_string!(i18n, exercises.checklist),
        QuestionKind::Date => t_string!(i18n, exercises.date),
        QuestionKind::File => t_string!(i18n, exercises.file),
    }
    .to_string()
}

#[component]
pub fn ExercisesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let archived = move || query.with(|q| q.get("archived").is_some_and(|v| v == "true"));
    let create = ServerAction::<CreateExercise>::new();
    let list = Resource::new(archived, list_exercises);
    let error = action_error(create);
    view! {
        <Title text=t_string!(i18n, exercises.title).to_string() />
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">{t!(i18n, exercises.title)}</h1>
            {move || if archived() {
                view! { <a class="text-teal-800 underline" href="/exercises">{t!(i18n, exercises.show_current)}</a> }.into_any()
            } else {
                view! { <a class="text-teal-800 underline" href="/exercises?archived=true">{t!(i18n, exercises.show_archived)}</a> }.into_any()
            }}
        </div>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="mt-4 text-slate-600">{t!(i18n, exercises.none)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="mt-4 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label=t_string!(i18n, exercises.title)>
                            {rows.into_iter().map(|e| {
                                let facts = t_string!(i18n, exercises.facts)
                                    .replace("%questions%", &e.questions.to_string())
                                    .replace("%version%", &e.version.to_string())
                                    .replace("%date%", &e.updated);
                                view! {
                                    <li class="p-3">
                                        <a class="font-medium text-teal-800 underline" href=format!("/exercises/{}", e.id)>{e.title.clone()}</a>
                                        <p class="text-sm text-slate-600">{facts}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
        <section class=CARD aria-labelledby="new-exercise">
            <h2 id="new-exercise" class="text-lg font-semibold">{t!(i18n, exercises.new)}</h2>
            <ActionForm action=create attr:class="mt-3 space-y-3" attr:novalidate="true">
                <FormError error=banner_error(error) />
                <TextField name="title" autocomplete="off" error>{t!(i18n, exercises.name)}</TextField>
                <TextArea name="intro" rows=4 error>{t!(i18n, exercises.intro)}</TextArea>
                <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, exercises.create)}</button>
            </ActionForm>
        </section>
    }
}

fn exercise_id() -> impl Fn() -> i32 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse().ok())
            .unwrap_or(0)
    }
}

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateExercise>,
    add: ServerAction<AddQuestion>,
    edit: ServerAction<UpdateQuestion>,
    move_it: ServerAction<MoveQuestion>,
    remove: ServerAction<RemoveQuestion>,
    duplicate: ServerAction<DuplicateExercise>,
    archive: ServerAction<ArchiveExercise>,
    scoring: scoring::ScoringActions,
}

/// The builder: the exercise's title and introduction, its questions in order with the
/// fields their kind needs, and a way to add one.
#[component]
pub fn ExerciseBuilderPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = exercise_id();
    let actions = Actions {
        update: ServerAction::new(),
        add: ServerAction::new(),
        edit: ServerAction::new(),
        move_it: ServerAction::new(),
        remove: ServerAction::new(),
        duplicate: ServerAction::new(),
        archive: ServerAction::new(),
        scoring: scoring::ScoringActions::new(),
    };
    let data = Resource::new(
        move || {
            (
                id(),
                actions.update.version().get(),
                actions.add.version().get(),
                actions.edit.version().get(),
                actions.move_it.version().get(),
                actions.remove.version().get(),
                actions.archive.version().get(),
                actions.scoring.versions(),
            )
        },
        |(id, ..)| exercise(id),
    );
    let update_error = action_error(actions.update);
    let add_error = action_error(actions.add);
    let edit_error = action_error(actions.edit);
    let row_error = Signal::derive(move || {
        [
            action_error(actions.move_it),
            action_error(actions.remove),
            action_error(actions.duplicate),
            action_error(actions.archive),
        ]
        .iter()
        .find_map(|e| e.get())
    });
    view! {
        <p><a class="text-teal-800 underline" href="/exercises">{t!(i18n, exercises.back)}</a></p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(e) => {
                        let (archive_value, archive_label) = if e.archived {
                            ("false", t_string!(i18n, exercises.unarchive))
                        } else {
                            ("true", t_string!(i18n, exercises.archive))
                        };
                        let version = t_string!(i18n, exercises.version).replace("%version%", &e.version.to_string());
                        let count = e.questions.len();
                        let scoring_questions = e.questions.clone();
                        let scoring_rules = e.scoring.clone();
                        view! {
                            <Title text=e.title.clone() />
                            <div class="mt-2 flex flex-wrap items-center justify-between gap-3">
                                <h1 class="text-2xl font-bold">{e.title.clone()}</h1>
                                <div class="flex flex-wrap gap-2">
                                    <a class=SMALL_BUTTON href=format!("/exercises/{}/preview", e.id)>{t!(i18n, exercises.preview)}</a>
                                    <ActionForm action=actions.duplicate>
                                        <input type="hidden" name="id" value=e.id />
                                        <button type="submit" class=SMALL_BUTTON>{t!(i18n, exercises.duplicate)}</button>
                                    </ActionForm>
                                    <ActionForm action=actions.archive>
                                        <input type="hidden" name="id" value=e.id />
                                        <input type="hidden" name="archive" value=archive_value />
                                        <button type="submit" class=SMALL_BUTTON>{archive_label}</button>
                                    </ActionForm>
                                </div>
                            </div>
                            <p class="text-sm text-slate-600">
                                {version}
                                {e.archived.then(|| view! { " · " {t!(i18n, status.archived)} })}
                                {e.frozen.then(|| view! { " · " {t!(i18n, exercises.frozen)} })}
                            </p>
                            <FormError error=banner_error(row_error) />
                            <section class=CARD aria-labelledby="exercise-about">
                                <h2 id="exercise-about" class="text-lg font-semibold">{t!(i18n, exercises.about)}</h2>
                                <ActionForm action=actions.update attr:class="mt-3 space-y-3" attr:novalidate="true">
                                    <FormError error=banner_error(update_error) />
                                    <input type="hidden" name="id" value=e.id />
                                    <TextField name="title" value=e.title.clone() autocomplete="off" error=update_error>{t!(i18n, exercises.name)}</TextField>
                                    <TextArea name="intro" value=e.intro.clone() rows=5 error=update_error>{t!(i18n, exercises.intro)}</TextArea>
                                    <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, exercises.save)}</button>
                                </ActionForm>
                            </section>
                            <section class=CARD aria-labelledby="exercise-questions">
                                <h2 id="exercise-questions" class="text-lg font-semibold">{t!(i18n, exercises.questions)}</h2>
                                {(count == 0).then(|| view! { <p class="mt-2 text-slate-600">{t!(i18n, exercises.no_questions)}</p> })}
                                <ol class="mt-3 space-y-4">
                                    {e.questions.into_iter().enumerate().map(|(i, q)| view! {
                                        <QuestionEditor id=e.id q number=i + 1 last=i + 1 == count actions error=edit_error />
                                    }).collect_view()}
                                </ol>
                                <ActionForm action=actions.add attr:class="mt-4 grid items-end gap-3 border-t border-slate-200 pt-4 sm:grid-cols-3" attr:novalidate="true">
                                    <input type="hidden" name="id" value=e.id />
                                    <div>
                                        <label for="new-kind" class="block font-medium">{t!(i18n, exercises.kind)}</label>
                                        <select id="new-kind" name="kind" class=INPUT>
                                            {QuestionKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{kind_label(i18n, *k)}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="sm:col-span-2">
                                        <label for="new-prompt" class="block font-medium">{t!(i18n, exercises.prompt)}</label>
                                        <input id="new-prompt" name="prompt" type="text" class=INPUT aria-describedby="new-prompt-error" />
                                        <FieldError error=add_error field="prompt" id="new-prompt-error" />
                                    </div>
                                    <div class="sm:col-span-3">
                                        <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, exercises.add_question)}</button>
                                    </div>
                                </ActionForm>
                            </section>
                            <scoring::ScoringEditor id=e.id scoring=scoring_rules questions=scoring_questions actions=actions.scoring />
                        }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One question with the fields its kind needs, and its place in the list.
#[component]
fn QuestionEditor(
    id: i32,
    q: QuestionDto,
    number: usize,
    last: bool,
    actions: Actions,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let prefix = format!("question-{}", q.key);
    let heading = t_string!(i18n, exercises.question_heading)
        .replace("%number%", &number.to_string())
        .replace("%kind%", &kind_label(i18n, q.kind));
    let with_options = q.kind.has_options();
    let scale = q.kind == QuestionKind::Scale;
    let move_key = q.key.clone();
    let mover = move |direction: &'static str, label: String| {
        let key = move_key.clone();
        view! {
            <ActionForm action=actions.move_it>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="key" value=key />
                <input type="hidden" name="direction" value=direction />
                <button type="submit" class=SMALL_BUTTON aria-label=label.clone()>{label.clone()}</button>
            </ActionForm>
        }
    };
    let up_label = t_string!(i18n, exercises.up).replace("%number%", &number.to_string());
    let down_label = t_string!(i18n, exercises.down).replace("%number%", &number.to_string());
    let remove_label = t_string!(i18n, exercises.remove).replace("%number%", &number.to_string());
    let field = move |prefix: &str,
                      name: &'static str,
                      label: String,
                      value: String,
                      kind: &'static str| {
        let input_id = format!("{prefix}-{name}");
        let error_id = format!("{input_id}-error");
        view! {
            <div>
                <label for=input_id.clone() class="block text-sm font-medium">{label}</label>
                <input id=input_id name=posted_name(name, true) type=kind value=value class=INPUT aria-describedby=error_id.clone() />
                <FieldError error field=name id=error_id />
            </div>
        }
    };
    let options_id = format!("{prefix}-options");
    let options_error = format!("{options_id}-error");
    let required_id = format!("{prefix}-required");
    let remove_key = q.key.clone();
    let edit_key = q.key.clone();
    let options_text = q.options.join("\n");
    let scale_fields = scale.then(|| {
        view! {
            <div class="grid gap-3 sm:grid-cols-4">
                {field(&prefix, "scale_min", t_string!(i18n, exercises.scale_min).to_string(), q.scale_min.to_string(), "number")}
                {field(&prefix, "scale_max", t_string!(i18n, exercises.scale_max).to_string(), q.scale_max.to_string(), "number")}
                {field(&prefix, "min_label", t_string!(i18n, exercises.min_label).to_string(), q.min_label.clone(), "text")}
                {field(&prefix, "max_label", t_string!(i18n, exercises.max_label).to_string(), q.max_label.clone(), "text")}
            </div>
        }
    });
    let prompt_field = field(
        &prefix,
        "prompt",
        t_string!(i18n, exercises.prompt).to_string(),
        q.prompt.clone(),
        "text",
    );
    let help_field = field(
        &prefix,
        "help",
        t_string!(i18n, exercises.help).to_string(),
        q.help.clone(),
        "text",
    );
    view! {
        <li class="rounded-md border border-slate-200 p-3" aria-label=heading.clone()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h3 class="font-semibold">{heading.clone()}</h3>
                <div class="flex gap-2">
                    {(number > 1).then(|| mover("up", up_label.clone()))}
                    {(!last).then(|| mover("down", down_label.clone()))}
                    <ActionForm action=actions.remove>
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="key" value=remove_key />
                        <button type="submit" class=SMALL_BUTTON aria-label=remove_label.clone()>{t!(i18n, exercises.remove_short)}</button>
                    </ActionForm>
                </div>
            </div>
            <ActionForm action=actions.edit attr:class="mt-2 space-y-3" attr:novalidate="true">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="key" value=edit_key />
                {prompt_field}
                {help_field}
                {with_options.then(|| view! {
                    <div>
                        <label for=options_id.clone() class="block text-sm font-medium">{t!(i18n, exercises.options)}</label>
                        <textarea id=options_id.clone() name="input[options]" rows=4 class=INPUT aria-describedby=options_error.clone()>{raw_text(options_text.clone())}</textarea>
                        <FieldError error field="options" id=options_error.clone() />
                    </div>
                })}
                {scale_fields}
                <div class="flex items-center gap-2">
                    <input id=required_id.clone() name="input[required]" type="checkbox" value="yes" checked=q.required class="h-5 w-5 accent-teal-700" />
                    <label for=required_id.clone()>{t!(i18n, exercises.required)}</label>
                </div>
                <button type="submit" class=SMALL_BUTTON>{t!(i18n, exercises.save_question)}</button>
            </ActionForm>
        </li>
    }
}

/// The exercise as the client will see it.
#[component]
pub fn ExercisePreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = exercise_id();
    let data = Resource::new(id, exercise);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(e) => view! {
                        <Title text=e.title.clone() />
                        <p><a class="text-teal-800 underline" href=format!("/exercises/{}", e.id)>{t!(i18n, exercises.back_to_builder)}</a></p>
                        <p class="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note">{t!(i18n, exercises.preview_note)}</p>
                        <h1 class="mt-4 text-2xl font-bold">{e.title.clone()}</h1>
                        <div class="prose-koers mt-2 text-lg" inner_html=e.intro_html.clone()></div>
                        <ol class="mt-4 space-y-4">
                            {e.questions.into_iter().enumerate().map(|(i, q)| view! { <QuestionView q number=i + 1 disabled=true /> }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
