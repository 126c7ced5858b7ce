select {{ template "col" }} from t
