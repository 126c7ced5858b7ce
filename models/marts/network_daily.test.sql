{{ define "spine_has_no_gaps" }}
-- One row per calendar day between the first and last: the spine is complete.
select count(*) as days, min(activity_date) as first_day, max(activity_date) as last_day
from {{ this }}
having count(*) > 0 and count(*) <> max(activity_date) - min(activity_date) + 1
{{ end }}
