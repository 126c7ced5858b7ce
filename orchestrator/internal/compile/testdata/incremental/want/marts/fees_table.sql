select * from marts.fees_daily
