//! Code enums from `model` as column types. A column of codes stays text in the database
//! (no data migration); an entity field of the enum's type is written with `as_str` and read
//! with `parse`, so a query compares `AssignmentStatus::Submitted`, never a string literal. A
//! stored value that is not a code is a defect of Koers: the read fails (logged, a 500).

use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, StringLen, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};

use crate::model::access_log::{LogAction, LogArea};
use crate::model::assignments::{AssignmentStatus, NoticeKind};
use crate::model::members::UserStatus;
use crate::model::organizations::{Licence, OrganizationStatus};
use crate::model::privacy::{ErasureReason, RequestKind, RequestStatus};
use crate::model::reports::{EditRights, Visibility};
use crate::model::security::SecurityEventKind;
use crate::model::time::Activity;
use crate::model::trajectories::{GoalStatus, TrajectoryStatus};
use crate::types::Role;

macro_rules! stored_as_text {
    ($($code:ty),+ $(,)?) => {$(
        impl From<$code> for Value {
            fn from(code: $code) -> Value {
                Value::String(Some(Box::new(code.as_str().to_owned())))
            }
        }

        impl TryGetable for $code {
            fn try_get_by<I: ColIdx>(result: &QueryResult, index: I) -> Result<Self, TryGetError> {
                let text = String::try_get_by(result, index)?;
                <$code>::parse(&text).ok_or_else(|| {
                    TryGetError::DbErr(DbErr::Type(format!(
                        "{} is not a {}",
                        text,
                        stringify!($code)
                    )))
                })
            }
        }

        impl ValueType for $code {
            fn try_from(value: Value) -> Result<Self, ValueTypeErr> {
                match value {
                    Value::String(Some(text)) => <$code>::parse(&text).ok_or(ValueTypeErr),
                    _ => Err(ValueTypeErr),
                }
            }

            fn type_name() -> String {
                stringify!($code).to_owned()
            }

            fn array_type() -> ArrayType {
                ArrayType::String
            }

            fn column_type() -> ColumnType {
                ColumnType::String(StringLen::None)
            }
        }

        impl Nullable for $code {
            fn null() -> Value {
                Value::String(None)
            }
        }
    )+};
}

stored_as_text!(
    Activity,
    AssignmentStatus,
    EditRights,
    GoalStatus,
    Licence,
    LogAction,
    LogArea,
    NoticeKind,
    OrganizationStatus,
    RequestKind,
    RequestStatus,
    ErasureReason,
    Role,
    SecurityEventKind,
    TrajectoryStatus,
    UserStatus,
    Visibility,
);
