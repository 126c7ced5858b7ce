select * from raw.blocks
