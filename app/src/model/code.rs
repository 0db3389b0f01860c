//! Codes: the closed sets of values Koers stores as text (a question's kind, an assignment's
//! status, …). Each is an enum made by [`code!`], which gives it the one mapping to its
//! database and form string (`as_str`, `parse`), the list of all values in the order forms
//! offer them (`ALL`), and a serde form that is that same string. Code that decides on a
//! code matches the enum exhaustively, so a new value fails to compile wherever it is not yet
//! handled instead of failing at run time.

/// Defines a code enum: `code! { /// doc  pub enum Kind { Text = "text", … } }`.
macro_rules! code {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $($(#[$variant_meta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the order forms offer them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The string stored in the database and posted by forms.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The one place that refuses a string that is not one of the codes.
            pub fn parse(value: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|code| code.as_str() == value)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use code;
