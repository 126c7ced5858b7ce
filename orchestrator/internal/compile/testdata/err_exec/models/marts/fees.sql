select
    {{ index (var "windows") 5 }} as w
