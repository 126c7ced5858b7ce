select *
from t
where {{ lower "X" }} = {{ reff "stg_transactions" }}
