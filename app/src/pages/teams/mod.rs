use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::teams::{
    list_teams, AddTeamMember, CreateTeam, DeleteTeam, PersonOption, RemoveTeamMember, RenameTeam,
    TeamRow,
};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{TextField, ITEM_CARD, NARROW_CARD, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::components::labels::licence_label;
use crate::i18n::*;

/// The actions on a team, created once for the page so every form shares them.
#[derive(Clone, Copy)]
struct TeamActions {
    rename: ServerAction<RenameTeam>,
    delete: ServerAction<DeleteTeam>,
    add: ServerAction<AddTeamMember>,
    remove: ServerAction<RemoveTeamMember>,
}

/// Teams of coaches: owners form them, coaches see which they belong to.
#[component]
pub fn TeamsPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateTeam>::new();
    let actions = TeamActions {
        rename: ServerAction::new(),
        delete: ServerAction::new(),
        add: ServerAction::new(),
        remove: ServerAction::new(),
    };
    let teams = Resource::new(
        move || {
            (
                create.version().get(),
                actions.rename.version().get(),
                actions.delete.version().get(),
                actions.add.version().get(),
                actions.remove.version().get(),
            )
        },
        |_| list_teams(),
    );
    let create_error = action_error(create);
    let create_banner = banner_error(create_error);
    let row_error = Signal::derive(move || {
        [
            action_error(actions.rename),
            action_error(actions.delete),
            action_error(actions.add),
            action_error(actions.remove),
        ]
        .iter()
        .find_map(|e| e.get())
    });
    view! {
        <Title text=t_string!(i18n, teams.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, teams.title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match teams.await {
                    Ok(data) => {
                        let manage = data.can_manage;
                        let people = data.people.clone();
                        view! {
                            <p class="mt-2 text-slate-700">
                                {t_string!(i18n, teams.used)
                                    .replace("%used%", &data.used.to_string())
                                    .replace("%limit%", &data.limit.to_string())
                                    .replace("%licence%", &licence_label(i18n, data.licence))}
                            </p>
                            <FormError error=row_error />
                            {if data.teams.is_empty() {
                                view! { <p class="mt-4 text-slate-600">{t!(i18n, teams.none)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="mt-4 space-y-4">
                                        {data.teams.into_iter().map(|team| view! {
                                            <Team team manage people=people.clone() actions />
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {manage.then(|| view! {
                                <section class=NARROW_CARD aria-labelledby="new-team-heading">
                                    <h2 id="new-team-heading" class="text-lg font-semibold">{t!(i18n, teams.new_heading)}</h2>
                                    <ActionForm action=create attr:class="mt-3 space-y-3" attr:novalidate="true">
                                        <FormError error=create_banner />
                                        <TextField name="name" autocomplete="off" error=create_error>
                                            {t!(i18n, teams.name)}
                                        </TextField>
                                        <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, teams.create)}</button>
                                    </ActionForm>
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Team(
    team: TeamRow,
    manage: bool,
    people: Vec<PersonOption>,
    actions: TeamActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let team_id = team.id;
    let team_name = team.name.clone();
    let heading_id = format!("team-{team_id}");
    let outside: Vec<PersonOption> = people
        .into_iter()
        .filter(|p| !team.members.iter().any(|m| m.id == p.id))
        .collect();
    let members = if team.members.is_empty() {
        view! { <p class="mt-2 text-sm text-slate-600">{t!(i18n, teams.no_members)}</p> }.into_any()
    } else {
        view! {
            <ul class="mt-2 flex flex-wrap gap-2">
                {team.members.clone().into_iter().map(|member| {
                    let label = t_string!(i18n, teams.remove_member)
                        .replace("%name%", &member.name)
                        .replace("%team%", &team_name);
                    view! {
                        <li class="flex items-center gap-1 rounded-full bg-slate-100 px-3 py-1 text-sm">
                            {member.name.clone()}
                            {manage.then(|| view! {
                                <ActionForm action=actions.remove>
                                    <input type="hidden" name="team_id" value=team_id />
                                    <input type="hidden" name="user_id" value=member.id />
                                    <button type="submit" class="ml-1 rounded-full px-1 text-slate-600 hover:bg-slate-200" aria-label=label>"×"</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    let rename_id = format!("rename-{team_id}");
    let add_id = format!("add-{team_id}");
    let delete_label = format!("{} {}", t_string!(i18n, teams.delete), team_name);
    let tools = manage.then(|| view! {
        <div class="mt-3 flex flex-wrap items-end gap-4">
            {(!outside.is_empty()).then(|| view! {
                <ActionForm action=actions.add attr:class="flex items-end gap-2">
                    <input type="hidden" name="team_id" value=team_id />
                    <div>
                        <label for=add_id.clone() class="block text-sm font-medium">{t!(i18n, teams.add_member)}</label>
                        <select id=add_id.clone() name="user_id" class="mt-1 rounded-md border border-slate-400 px-2 py-1">
                            {outside.iter().map(|p| view! { <option value=p.id>{p.name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, teams.add)}</button>
                </ActionForm>
            })}
            <ActionForm action=actions.rename attr:class="flex items-end gap-2" attr:novalidate="true">
                <input type="hidden" name="id" value=team_id />
                <div>
                    <label for=rename_id.clone() class="block text-sm font-medium">{t!(i18n, teams.new_name)}</label>
                    <input id=rename_id.clone() name="name" type="text" value=team_name.clone() class="mt-1 rounded-md border border-slate-400 px-2 py-1" aria-describedby=format!("{rename_id}-error") />
                    <FieldError error=action_error(actions.rename) field="name" id=format!("{rename_id}-error") />
                </div>
                <button type="submit" class=SMALL_BUTTON>{t!(i18n, teams.rename)}</button>
            </ActionForm>
            <ActionForm action=actions.delete>
                <input type="hidden" name="id" value=team_id />
                <button type="submit" class="rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50" aria-label=delete_label>
                    {t!(i18n, teams.delete)}
                </button>
            </ActionForm>
        </div>
    });
    view! {
        <li class=ITEM_CARD aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone() class="text-lg font-semibold">{team.name}</h2>
            {members}
            {tools}
        </li>
    }
}
