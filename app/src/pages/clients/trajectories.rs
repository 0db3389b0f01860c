//! The trajectories section of a dossier: start one with its goals, move it on, keep the
//! goals' status.

use leptos::prelude::*;

use crate::api::clients::Choice;
use crate::api::trajectories::{
    dossier_trajectories, AddGoal, CreateTrajectory, GoalDto, GoalStatus, SetGoalStatus,
    SetTrajectoryStatus, TrajectoryDto, TrajectoryStatus,
};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{TextArea, TextField, INPUT, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::components::section::{CreateForm, Section};
use crate::i18n::*;
use leptos_i18n::I18nContext;

#[derive(Clone, Copy)]
struct Actions {
    status: ServerAction<SetTrajectoryStatus>,
    goal_add: ServerAction<AddGoal>,
    goal_status: ServerAction<SetGoalStatus>,
}

pub fn trajectory_status_label(i18n: I18nContext<Locale>, status: TrajectoryStatus) -> String {
    match status {
        TrajectoryStatus::Intake => t_string!(i18n, trajectories.intake).to_string(),
        TrajectoryStatus::Active => t_string!(i18n, trajectories.active).to_string(),
        TrajectoryStatus::Closed => t_string!(i18n, trajectories.closed).to_string(),
    }
}

pub fn goal_status_label(i18n: I18nContext<Locale>, status: GoalStatus) -> String {
    match status {
        GoalStatus::Open => t_string!(i18n, trajectories.goal_open).to_string(),
        GoalStatus::Working => t_string!(i18n, trajectories.goal_working).to_string(),
        GoalStatus::Achieved => t_string!(i18n, trajectories.goal_achieved).to_string(),
    }
}

#[component]
pub fn Trajectories(client_id: i32, coaches: Vec<Choice>, teams: Vec<Choice>) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateTrajectory>::new();
    let actions = Actions {
        status: ServerAction::new(),
        goal_add: ServerAction::new(),
        goal_status: ServerAction::new(),
    };
    let list = Resource::new(
        move || {
            (
                create.version().get(),
                actions.status.version().get(),
                actions.goal_add.version().get(),
                actions.goal_status.version().get(),
            )
        },
        move |_| dossier_trajectories(client_id),
    );
    let create_error = action_error(create);
    let create_banner = banner_error(create_error);
    let row_error = Signal::derive(move || {
        [
            action_error(actions.status),
            action_error(actions.goal_add),
            action_error(actions.goal_status),
        ]
        .iter()
        .find_map(|e| e.get())
    });
    view! {
        <Section id="trajectories" title=t_string!(i18n, trajectories.title).to_string()>
            // Not only the banner part: the rows' forms have no fields of their own to
            // show a problem next to.
            <FormError error=row_error />
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="mt-2 text-slate-600">{t!(i18n, trajectories.none)}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="mt-3 space-y-4">
                                {rows.into_iter().map(|t| view! { <Trajectory t actions /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
            <CreateForm label=t_string!(i18n, trajectories.new).to_string() error=create_error>
                <ActionForm action=create attr:class="mt-3 space-y-3" attr:novalidate="true">
                    <FormError error=create_banner />
                    <input type="hidden" name="client_id" value=client_id />
                    <TextField name="title" nested=true autocomplete="off" error=create_error>{t!(i18n, trajectories.name)}</TextField>
                    <div class="grid gap-3 sm:grid-cols-3">
                        <div>
                            <label for="coach_id" class="block font-medium">{t!(i18n, trajectories.coach)}</label>
                            <select id="coach_id" name="input[coach_id]" class=INPUT>
                                <option value="">{t!(i18n, trajectories.me)}</option>
                                {coaches.iter().map(|c| view! { <option value=c.id>{c.name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div>
                            <label for="team_id" class="block font-medium">{t!(i18n, trajectories.team)}</label>
                            <select id="team_id" name="input[team_id]" class=INPUT>
                                <option value="">{t!(i18n, trajectories.no_team)}</option>
                                {teams.iter().map(|c| view! { <option value=c.id>{c.name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <TextField name="start_date" nested=true input_type="date" required=false error=create_error>{t!(i18n, trajectories.start)}</TextField>
                    </div>
                    <TextArea name="goals" nested=true rows=4 error=create_error>{t!(i18n, trajectories.goals_lines)}</TextArea>
                    <TextArea name="notes" nested=true rows=3 error=create_error>{t!(i18n, trajectories.notes)}</TextArea>
                    <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, trajectories.create)}</button>
                </ActionForm>
            </CreateForm>
        </Section>
    }
}

#[component]
fn Trajectory(t: TrajectoryDto, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("trajectory-{}", t.id);
    let facts = [
        t.coach.clone(),
        t.team.clone(),
        t.start_date
            .clone()
            .map(|d| t_string!(i18n, trajectories.from).replace("%date%", &d)),
        t.end_date
            .clone()
            .map(|d| t_string!(i18n, trajectories.until).replace("%date%", &d)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let end_id = format!("end-{}", t.id);
    let goal_id = format!("goal-{}", t.id);
    let moves = (t.status == TrajectoryStatus::Intake).then(|| {
        view! {
            <ActionForm action=actions.status>
                <input type="hidden" name="id" value=t.id />
                <input type="hidden" name="status" value=TrajectoryStatus::Active.as_str() />
                <button type="submit" class=SMALL_BUTTON>{t!(i18n, trajectories.start_now)}</button>
            </ActionForm>
        }
    });
    let close = (t.status != TrajectoryStatus::Closed).then(|| view! {
        <ActionForm action=actions.status attr:class="flex flex-wrap items-end gap-2" attr:novalidate="true">
            <input type="hidden" name="id" value=t.id />
            <input type="hidden" name="status" value=TrajectoryStatus::Closed.as_str() />
            <div>
                <label for=end_id.clone() class="block text-sm font-medium">{t!(i18n, trajectories.end)}</label>
                <input id=end_id.clone() name="end_date" type="date" class="mt-1 rounded-md border border-slate-400 px-2 py-1" aria-describedby=format!("{end_id}-error") />
                <FieldError error=action_error(actions.status) field="end_date" id=format!("{end_id}-error") />
            </div>
            <button type="submit" class=SMALL_BUTTON>{t!(i18n, trajectories.close)}</button>
        </ActionForm>
    });
    let open = t.status != TrajectoryStatus::Closed;
    view! {
        <li class="rounded-md border border-slate-200 p-3" aria-labelledby=heading.clone()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h3 id=heading.clone() class="font-semibold">{t.title.clone()}</h3>
                <span class="rounded bg-teal-50 px-2 py-0.5 text-sm text-teal-900">{trajectory_status_label(i18n, t.status)}</span>
            </div>
            <p class="text-sm text-slate-600">{facts}</p>
            <ul class="mt-2 space-y-1" aria-label=t_string!(i18n, trajectories.goals)>
                {t.goals.into_iter().map(|g| view! { <Goal g open actions /> }).collect_view()}
            </ul>
            {open.then(|| view! {
                <div class="mt-3 flex flex-wrap items-end gap-4">
                    <ActionForm action=actions.goal_add attr:class="flex flex-wrap items-end gap-2" attr:novalidate="true">
                        <input type="hidden" name="trajectory_id" value=t.id />
                        <div>
                            <label for=goal_id.clone() class="block text-sm font-medium">{t!(i18n, trajectories.add_goal)}</label>
                            <input id=goal_id.clone() name="text" type="text" class="mt-1 rounded-md border border-slate-400 px-2 py-1" />
                        </div>
                        <button type="submit" class=SMALL_BUTTON>{t!(i18n, trajectories.add)}</button>
                    </ActionForm>
                    {moves}
                    {close}
                </div>
            })}
        </li>
    }
}

#[component]
fn Goal(g: GoalDto, open: bool, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let next = g.status.next();
    let label = next.map(|n| {
        t_string!(i18n, trajectories.mark)
            .replace("%goal%", &g.text)
            .replace("%status%", &goal_status_label(i18n, n))
    });
    view! {
        <li class="flex flex-wrap items-center justify-between gap-2 text-sm">
            <span>{g.text.clone()} " · " <em>{goal_status_label(i18n, g.status)}</em></span>
            {next.filter(|_| open).map(|next| view! {
                <ActionForm action=actions.goal_status>
                    <input type="hidden" name="id" value=g.id />
                    <input type="hidden" name="status" value=next.as_str() />
                    <button type="submit" class=SMALL_BUTTON aria-label=label.clone()>
                        {goal_status_label(i18n, next)}
                    </button>
                </ActionForm>
            })}
        </li>
    }
}
