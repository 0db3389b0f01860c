//! The routes that carry files, and the status each kind of caller gets.

/// The routes that carry files rather than server-function calls.
pub struct FileRule {
    /// As the router mounts it.
    pub pattern: &'static str,
    /// With the world's ids as placeholders.
    pub path: &'static str,
    pub expect: [u16; 6],
}

const fn file(pattern: &'static str, path: &'static str, expect: [u16; 6]) -> FileRule {
    FileRule {
        pattern,
        path,
        expect,
    }
}

#[rustfmt::skip]
pub const FILE_ROUTES: &[FileRule] = &[
    //   pattern as mounted, path with placeholders, [anon, unconsented, operator, owner, coach, client]
    // A client's upload always goes to their own dossier, whatever id the form names.
    file("/documents/upload", "/documents/upload", [401, 403, 403, 303, 303, 303]),
    // A's client has a dossier of their own; this one is not theirs.
    file("/documents/{id}", "/documents/{document}", [401, 403, 403, 200, 200, 404]),
    file("/appointments/{id}/calendar.ics", "/appointments/{appointment}/calendar.ics", [401, 403, 403, 200, 200, 404]),
    // Only the client answers, in their own dossier.
    file("/my/assignments/{id}/answers", "/my/assignments/{mine}/answers", [401, 403, 403, 403, 403, 303]),
    // The feed address is its own permission; a wrong one is unknown to everybody.
    file("/calendar/{file}", "/calendar/not-a-real-token.ics", [404, 404, 404, 404, 404, 404]),
    // Owners the organization's log, coaches that of the dossiers they manage; clients read
    // their own on their page.
    file("/access-log.csv", "/access-log.csv?dossier={client}", [401, 403, 403, 200, 200, 403]),
    // Everything about a client, for whoever of the practice may open the dossier.
    file("/clients/{id}/export.zip", "/clients/{client}/export.zip", [401, 403, 403, 200, 200, 403]),
    // The client's own export: only a client, of their own dossier.
    file("/my/export.zip", "/my/export.zip", [401, 403, 403, 403, 403, 200]),
    // The practice's Excel export: owners the organization, coaches the dossiers they may open.
    file("/exports/clients.xlsx", "/exports/clients.xlsx", [401, 403, 403, 200, 200, 403]),
    // The same filters to Word: a dossier report per dossier (ZIP), the period's agenda and time.
    file("/exports/dossiers.zip", "/exports/dossiers.zip", [401, 403, 403, 200, 200, 403]),
    file("/exports/agenda.docx", "/exports/agenda.docx", [401, 403, 403, 200, 200, 403]),
    // The organization's complete copy: its owners only (until the subscription's last day).
    file("/organization/copy.zip", "/organization/copy.zip", [401, 403, 403, 200, 403, 403]),
    // One dossier's report in Word, for whoever of the practice may open the dossier.
    file("/clients/{id}/dossier.docx", "/clients/{client}/dossier.docx", [401, 403, 403, 200, 200, 403]),
];

/// The ids in a rule's body that belong to one dossier.
pub const DOSSIER_PLACEHOLDERS: [&str; 13] = [
    "{client}",
    "{trajectory}",
    "{goal}",
    "{report}",
    "{spare_report}",
    "{appointment}",
    "{spare_appointment}",
    "{time_entry}",
    "{document}",
    "{spare_document}",
    "{assignment}",
    "{spare_assignment}",
    "{entry}",
];
