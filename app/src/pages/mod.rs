//! One folder per area; each page loads its data through `api` server functions.

pub mod access_log;
pub mod account;
pub mod agenda;
pub mod assignments;
pub mod auth;
pub mod clients;
pub mod consent;
pub mod dashboard;
pub mod exercises;
pub mod invite;
pub mod members;
pub mod my;
pub mod operator;
pub mod privacy;
pub mod public;
pub mod security;
pub mod signup;
pub mod teams;
pub mod time;

use leptos::prelude::*;
use leptos_router::LazyRoute;

// Every page is a lazy route, and the pages of one area share one WASM chunk
// (`cargo leptos build --split`): a client's tablet loads the client pages and never the
// coach's dossier code. An area, not a page, is the unit because each split point adds the
// chunks of the code it shares with every other; 32 of them made a page load some 240
// files. The server names a page's chunks in its `<head>` for preloading. Data stays in the
// page components, so a route's `data()` has nothing to start.

/// Pages anyone can open, and the terms every signed-in user passes once.
#[derive(Clone, Copy)]
pub enum PublicPage {
    Landing,
    Login,
    LoginCode,
    Network,
    Terms,
    Privacy,
    SignUp,
    ConfirmSignUp,
    Invite,
    Forgot,
    Reset,
    ConfirmEmail,
    Consent,
}

#[leptos::lazy]
fn public_area(page: PublicPage) -> AnyView {
    match page {
        PublicPage::Landing => view! { <public::Landing /> }.into_any(),
        PublicPage::Login => view! { <auth::LoginPage /> }.into_any(),
        PublicPage::LoginCode => view! { <auth::LoginCodePage /> }.into_any(),
        PublicPage::Network => view! { <auth::NetworkPage /> }.into_any(),
        PublicPage::Terms => view! { <public::TermsPage /> }.into_any(),
        PublicPage::Privacy => view! { <public::PrivacyPage /> }.into_any(),
        PublicPage::SignUp => view! { <signup::SignUpPage /> }.into_any(),
        PublicPage::ConfirmSignUp => view! { <signup::ConfirmSignUpPage /> }.into_any(),
        PublicPage::Invite => view! { <invite::InvitePage /> }.into_any(),
        PublicPage::Forgot => view! { <account::ForgotPage /> }.into_any(),
        PublicPage::Reset => view! { <account::ResetPage /> }.into_any(),
        PublicPage::ConfirmEmail => view! { <account::ConfirmEmailPage /> }.into_any(),
        PublicPage::Consent => view! { <consent::ConsentPage /> }.into_any(),
    }
}

/// The client's own pages.
#[derive(Clone, Copy)]
pub enum ClientPage {
    Home,
    Exercise,
    Journal,
}

#[leptos::lazy]
fn client_area(page: ClientPage) -> AnyView {
    match page {
        ClientPage::Home => view! { <my::MyHomePage /> }.into_any(),
        ClientPage::Exercise => view! { <my::MyExercisePage /> }.into_any(),
        ClientPage::Journal => view! { <my::MyJournalPage /> }.into_any(),
    }
}

/// A coach's clients: the list, a dossier and what hangs from it.
#[derive(Clone, Copy)]
pub enum DossierPage {
    Clients,
    NewClient,
    Dossier,
    EditClient,
    Assignment,
}

#[leptos::lazy]
fn dossier_area(page: DossierPage) -> AnyView {
    match page {
        DossierPage::Clients => view! { <clients::ClientsPage /> }.into_any(),
        DossierPage::NewClient => view! { <clients::NewClientPage /> }.into_any(),
        DossierPage::Dossier => view! { <clients::DossierPage /> }.into_any(),
        DossierPage::EditClient => view! { <clients::EditClientPage /> }.into_any(),
        DossierPage::Assignment => view! { <assignments::AssignmentPage /> }.into_any(),
    }
}

/// The practice's work around the dossiers: overview, agenda, time, teams and members.
#[derive(Clone, Copy)]
pub enum PracticePage {
    Dashboard,
    Agenda,
    Time,
    Teams,
    Members,
    Security,
    AccessLog,
    PrivacyRequests,
}

#[leptos::lazy]
fn practice_area(page: PracticePage) -> AnyView {
    match page {
        PracticePage::Dashboard => view! { <dashboard::DashboardPage /> }.into_any(),
        PracticePage::Agenda => view! { <agenda::AgendaPage /> }.into_any(),
        PracticePage::Security => view! { <security::SecurityPage /> }.into_any(),
        PracticePage::AccessLog => view! { <access_log::AccessLogPage /> }.into_any(),
        PracticePage::PrivacyRequests => view! { <privacy::PrivacyRequestsPage /> }.into_any(),
        PracticePage::Time => view! { <time::TimePage /> }.into_any(),
        PracticePage::Teams => view! { <teams::TeamsPage /> }.into_any(),
        PracticePage::Members => view! { <members::MembersPage /> }.into_any(),
    }
}

/// The exercise library and its builder.
#[derive(Clone, Copy)]
pub enum ExercisePage {
    Library,
    Builder,
    Preview,
}

#[leptos::lazy]
fn exercise_area(page: ExercisePage) -> AnyView {
    match page {
        ExercisePage::Library => view! { <exercises::ExercisesPage /> }.into_any(),
        ExercisePage::Builder => view! { <exercises::ExerciseBuilderPage /> }.into_any(),
        ExercisePage::Preview => view! { <exercises::ExercisePreviewPage /> }.into_any(),
    }
}

/// The operator's console.
#[derive(Clone, Copy)]
pub enum OperatorPage {
    Home,
    Outbox,
    Organization,
    TermsEdit,
}

#[leptos::lazy]
fn operator_area(page: OperatorPage) -> AnyView {
    match page {
        OperatorPage::Home => view! { <operator::OperatorPage /> }.into_any(),
        OperatorPage::Outbox => view! { <operator::OutboxPage /> }.into_any(),
        OperatorPage::Organization => view! { <operator::OrganizationPage /> }.into_any(),
        OperatorPage::TermsEdit => view! { <operator::TermsEditPage /> }.into_any(),
    }
}

/// Anyone's own account, and a client's view of who opened their dossier: visited now and
/// then, so not in the client's home area, whose first load every client pays.
#[derive(Clone, Copy)]
pub enum AccountPage {
    Account,
    TwoFactor,
    MyAccess,
}

#[leptos::lazy]
fn account_area(page: AccountPage) -> AnyView {
    match page {
        AccountPage::Account => view! { <account::AccountPage /> }.into_any(),
        AccountPage::TwoFactor => view! { <security::TwoFactorPage /> }.into_any(),
        AccountPage::MyAccess => view! { <access_log::MyAccessPage /> }.into_any(),
    }
}

/// One route type per page, each opening its page in its area's chunk. `preload` matters:
/// hydration renders the matched route at once, so its chunk must be loaded before (the
/// router awaits `preload` first); `#[lazy]` makes `__preload_<area>` for that.
macro_rules! lazy_pages {
    ($($route:ident => $area:ident / $preload:ident ($page:expr)),* $(,)?) => {$(
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_this: Self) -> AnyView {
                $area($page).await
            }

            async fn preload() {
                #[cfg(feature = "hydrate")]
                $preload().await;
            }
        }
    )*};
}

lazy_pages! {
    LandingRoute => public_area / __preload_public_area (PublicPage::Landing),
    LoginRoute => public_area / __preload_public_area (PublicPage::Login),
    LoginCodeRoute => public_area / __preload_public_area (PublicPage::LoginCode),
    NetworkRoute => public_area / __preload_public_area (PublicPage::Network),
    TermsRoute => public_area / __preload_public_area (PublicPage::Terms),
    PrivacyRoute => public_area / __preload_public_area (PublicPage::Privacy),
    SignUpRoute => public_area / __preload_public_area (PublicPage::SignUp),
    ConfirmSignUpRoute => public_area / __preload_public_area (PublicPage::ConfirmSignUp),
    InviteRoute => public_area / __preload_public_area (PublicPage::Invite),
    ForgotRoute => public_area / __preload_public_area (PublicPage::Forgot),
    ResetRoute => public_area / __preload_public_area (PublicPage::Reset),
    ConfirmEmailRoute => public_area / __preload_public_area (PublicPage::ConfirmEmail),
    ConsentRoute => public_area / __preload_public_area (PublicPage::Consent),
    MyHomeRoute => client_area / __preload_client_area (ClientPage::Home),
    MyExerciseRoute => client_area / __preload_client_area (ClientPage::Exercise),
    MyJournalRoute => client_area / __preload_client_area (ClientPage::Journal),
    MyAccessRoute => account_area / __preload_account_area (AccountPage::MyAccess),
    ClientsRoute => dossier_area / __preload_dossier_area (DossierPage::Clients),
    NewClientRoute => dossier_area / __preload_dossier_area (DossierPage::NewClient),
    DossierRoute => dossier_area / __preload_dossier_area (DossierPage::Dossier),
    EditClientRoute => dossier_area / __preload_dossier_area (DossierPage::EditClient),
    AssignmentRoute => dossier_area / __preload_dossier_area (DossierPage::Assignment),
    DashboardRoute => practice_area / __preload_practice_area (PracticePage::Dashboard),
    AgendaRoute => practice_area / __preload_practice_area (PracticePage::Agenda),
    TimeRoute => practice_area / __preload_practice_area (PracticePage::Time),
    TeamsRoute => practice_area / __preload_practice_area (PracticePage::Teams),
    MembersRoute => practice_area / __preload_practice_area (PracticePage::Members),
    SecurityRoute => practice_area / __preload_practice_area (PracticePage::Security),
    AccessLogRoute => practice_area / __preload_practice_area (PracticePage::AccessLog),
    PrivacyRequestsRoute => practice_area / __preload_practice_area (PracticePage::PrivacyRequests),
    ExercisesRoute => exercise_area / __preload_exercise_area (ExercisePage::Library),
    ExerciseBuilderRoute => exercise_area / __preload_exercise_area (ExercisePage::Builder),
    ExercisePreviewRoute => exercise_area / __preload_exercise_area (ExercisePage::Preview),
    OperatorRoute => operator_area / __preload_operator_area (OperatorPage::Home),
    OutboxRoute => operator_area / __preload_operator_area (OperatorPage::Outbox),
    OrganizationRoute => operator_area / __preload_operator_area (OperatorPage::Organization),
    TermsEditRoute => operator_area / __preload_operator_area (OperatorPage::TermsEdit),
    AccountRoute => account_area / __preload_account_area (AccountPage::Account),
    TwoFactorRoute => account_area / __preload_account_area (AccountPage::TwoFactor),
}
