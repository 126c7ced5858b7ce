select * from raw.transactions
