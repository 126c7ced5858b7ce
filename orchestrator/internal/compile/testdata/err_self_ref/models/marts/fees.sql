select * from {{ ref "fees" }}
