-- b reads a
select * from {{ ref "int_a" }}
