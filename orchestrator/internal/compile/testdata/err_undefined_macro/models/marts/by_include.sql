select
    {{ include "cols" }},
    {{ include "clos" }}
from t
