use leptos::prelude::*;

use crate::components::labels::licence_label;
use crate::error::{AppError, FieldProblem, LinkProblem, Seat};
use crate::i18n::*;
use leptos_i18n::I18nContext;

/// The user-facing text for an error, in the current language.
pub fn error_text(i18n: I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::Unauthenticated => t_string!(i18n, errors.unauthenticated).to_string(),
        AppError::InvalidCredentials => t_string!(i18n, errors.invalid_credentials).to_string(),
        AppError::AccountSuspended => t_string!(i18n, errors.account_suspended).to_string(),
        // The window is fixed (15 minutes) and said in the text itself.
        AppError::RateLimited { .. } => t_string!(i18n, errors.rate_limited).to_string(),
        AppError::ConsentRequired => t_string!(i18n, errors.consent_required).to_string(),
        AppError::TwoFactorRequired => t_string!(i18n, errors.two_factor_required).to_string(),
        AppError::NetworkRefused => t_string!(i18n, errors.network_refused).to_string(),
        AppError::SecondStepExpired => t_string!(i18n, errors.second_step_expired).to_string(),
        AppError::Forbidden => t_string!(i18n, errors.forbidden).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::Invalid { .. } => t_string!(i18n, errors.invalid).to_string(),
        AppError::TermsOutdated => t_string!(i18n, errors.terms_outdated).to_string(),
        AppError::LicenceLimit {
            seat,
            limit,
            licence,
        } => {
            let template = match seat {
                Seat::Coaches => t_string!(i18n, errors.licence_limit_coaches),
                Seat::Clients => t_string!(i18n, errors.licence_limit_clients),
                Seat::Teams => t_string!(i18n, errors.licence_limit_teams),
            };
            template
                .to_string()
                .replace("%licence%", &licence_label(i18n, *licence))
                .replace("%limit%", &limit.to_string())
        }
        AppError::LinkInvalid { problem } => match problem {
            LinkProblem::Unknown => t_string!(i18n, errors.link_unknown),
            LinkProblem::Expired => t_string!(i18n, errors.link_expired),
            LinkProblem::Used => t_string!(i18n, errors.link_used),
            LinkProblem::Revoked => t_string!(i18n, errors.link_revoked),
        }
        .to_string(),
        AppError::LastOwner => t_string!(i18n, errors.last_owner).to_string(),
        AppError::NotOnYourself => t_string!(i18n, errors.not_on_yourself).to_string(),
        AppError::ReadOnly => t_string!(i18n, errors.read_only).to_string(),
        AppError::Locked => t_string!(i18n, errors.locked).to_string(),
        AppError::Restricted => t_string!(i18n, errors.restricted).to_string(),
        AppError::Damaged => t_string!(i18n, errors.damaged).to_string(),
        AppError::TooLarge => t_string!(i18n, errors.too_large).to_string(),
        AppError::CrossSite => t_string!(i18n, errors.cross_site).to_string(),
        AppError::Internal => t_string!(i18n, errors.internal).to_string(),
    }
}

pub fn problem_text(i18n: I18nContext<Locale>, problem: FieldProblem) -> String {
    match problem {
        FieldProblem::Required => t_string!(i18n, errors.required),
        FieldProblem::EmailInvalid => t_string!(i18n, errors.email_invalid),
        FieldProblem::EmailTaken => t_string!(i18n, errors.email_taken),
        FieldProblem::PasswordTooShort => t_string!(i18n, errors.password_too_short),
        FieldProblem::PasswordTooLong => t_string!(i18n, errors.password_too_long),
        FieldProblem::PasswordCommon => t_string!(i18n, errors.password_common),
        FieldProblem::MustAgree => t_string!(i18n, errors.must_agree),
        FieldProblem::TooLong => t_string!(i18n, errors.too_long),
        FieldProblem::AlreadyInvited => t_string!(i18n, errors.already_invited),
        FieldProblem::RoleNotAllowed => t_string!(i18n, errors.role_not_allowed),
        FieldProblem::OrganizationTaken => t_string!(i18n, errors.organization_taken),
        FieldProblem::PasswordWrong => t_string!(i18n, errors.password_wrong),
        FieldProblem::CodeWrong => t_string!(i18n, errors.code_wrong),
        FieldProblem::OwnFactorFirst => t_string!(i18n, errors.own_factor_first),
        FieldProblem::NotANumber => t_string!(i18n, errors.not_a_number),
        FieldProblem::NoSuchAccount => t_string!(i18n, errors.no_such_account),
        FieldProblem::EmailUnchanged => t_string!(i18n, errors.email_unchanged),
        FieldProblem::TeamNameTaken => t_string!(i18n, errors.team_name_taken),
        FieldProblem::DateInvalid => t_string!(i18n, errors.date_invalid),
        FieldProblem::PhoneInvalid => t_string!(i18n, errors.phone_invalid),
        FieldProblem::ResponsibleStays => t_string!(i18n, errors.responsible_stays),
        FieldProblem::TransitionNotAllowed => t_string!(i18n, errors.transition_not_allowed),
        FieldProblem::DateFormat => t_string!(i18n, errors.date_format),
        FieldProblem::DateTimeFormat => t_string!(i18n, errors.date_time_format),
        FieldProblem::EndBeforeStart => t_string!(i18n, errors.end_before_start),
        FieldProblem::MinutesRange => t_string!(i18n, errors.minutes_range),
        FieldProblem::FileTooLarge => t_string!(i18n, errors.file_too_large),
        FieldProblem::FileEmpty => t_string!(i18n, errors.file_empty),
        FieldProblem::FileType => t_string!(i18n, errors.file_type),
        FieldProblem::FileMismatch => t_string!(i18n, errors.file_mismatch),
        FieldProblem::FileNotStored => t_string!(i18n, errors.file_not_stored),
        FieldProblem::OptionsNeeded => t_string!(i18n, errors.options_needed),
        FieldProblem::ScaleRange => t_string!(i18n, errors.scale_range),
        FieldProblem::AnswerInvalid => t_string!(i18n, errors.answer_invalid),
        FieldProblem::ExerciseEmpty => t_string!(i18n, errors.exercise_empty),
        FieldProblem::BandsInvalid => t_string!(i18n, errors.bands_invalid),
        FieldProblem::WeightRange => t_string!(i18n, errors.weight_range),
        FieldProblem::NetworkInvalid { line } => {
            return t_string!(i18n, errors.network_invalid)
                .to_string()
                .replace("%line%", &line.to_string())
        }
        FieldProblem::TooManyNetworks => t_string!(i18n, errors.too_many_networks),
        FieldProblem::OwnAddressOutside => t_string!(i18n, errors.own_address_outside),
        FieldProblem::IdleRange => t_string!(i18n, errors.idle_range),
        FieldProblem::NameMismatch => t_string!(i18n, errors.name_mismatch),
        FieldProblem::RetentionRange => t_string!(i18n, errors.retention_range),
    }
    .to_string()
}

/// The error of an action's last run, if it failed.
pub fn action_error<T>(action: ServerAction<T>) -> Signal<Option<AppError>>
where
    T: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    T::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// The part of an error that belongs in the form's banner: everything except field
/// problems, which show next to their fields.
pub fn banner_error(error: Signal<Option<AppError>>) -> Signal<Option<AppError>> {
    Signal::derive(move || {
        error
            .get()
            .filter(|e| !matches!(e, AppError::Invalid { .. }))
    })
}

/// The form-level message of a failed action, announced to screen readers.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| {
            view! {
                <p
                    role="alert"
                    class="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800"
                >
                    {error_text(i18n, &error)}
                </p>
            }
        })
    }
}

/// The message for one field, placed right under it; `id` is what the input's
/// `aria-describedby` points at.
#[component]
pub fn FieldError(
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
    #[prop(into)] id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p id=id class="mt-1 min-h-5 text-sm text-red-700">
            {move || {
                error.get().and_then(|e| e.problem_for(field)).map(|p| problem_text(i18n, p))
            }}
        </p>
    }
}

/// A failed page load: the message, and where to go when the session ended.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    // Something that is not there (or not visible to this person) is a 404 for the
    // browser too, with or without JavaScript.
    #[cfg(feature = "ssr")]
    if error == AppError::NotFound {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    // Required two-step verification not set up (switched on while this page was open):
    // the person goes to set it up at once, as the server sends them on every page load.
    #[cfg(feature = "hydrate")]
    if let Some(to) = match error {
        AppError::TwoFactorRequired => Some(crate::routes::TWO_FACTOR_PAGE),
        // Outside the organization's networks (a list saved while this page was open).
        AppError::NetworkRefused => Some(crate::routes::NETWORK_PAGE),
        _ => None,
    } {
        if let Some(window) = web_sys::window() {
            let _ = window.location().assign(to);
        }
    }
    let link = match error {
        AppError::Unauthenticated => Some(("/login", t_string!(i18n, nav.sign_in).to_string())),
        AppError::ConsentRequired => Some(("/consent", t_string!(i18n, consent.title).to_string())),
        AppError::TwoFactorRequired => Some((
            crate::routes::TWO_FACTOR_PAGE,
            t_string!(i18n, two_factor.title).to_string(),
        )),
        _ => None,
    };
    view! {
        <div role="alert" class="rounded-md border border-red-300 bg-red-50 p-4 text-red-800">
            <p>{error_text(i18n, &error)}</p>
            {link.map(|(href, text)| view! {
                <a class="mt-2 inline-block font-medium underline" href=href rel="external">{text}</a>
            })}
        </div>
    }
}
