# haven reads the SPSS and Stata files of the API (the Data page's files) and finds the value
# labels and the missing values of "don't know" in both. Prints one line per finding.
library(httr2)
library(haven)

api <- Sys.getenv("SURVEY_API_URL")
token <- Sys.getenv("SURVEY_API_TOKEN")
fetch <- function(file) {
  path <- tempfile(fileext = paste0(".", tools::file_ext(file)))
  request(api) |>
    req_url_path_append("editions", "2023", "modules", "general", file) |>
    req_url_query(language = "en") |>
    req_auth_bearer_token(token) |>
    req_perform(path = path)
  path
}

sav <- read_sav(fetch("responses.sav"), user_na = TRUE)
labels <- attr(sav$drone, "labels")
cat("sav variable label:", attr(sav$drone, "label"), "\n")
cat("sav value labels:", paste(unname(labels), names(labels), sep = "=", collapse = "; "), "\n")
cat("sav missing values:", paste(attr(sav$drone, "na_values"), collapse = ","), "\n")
cat("sav dont know:", sum(sav$drone == 9, na.rm = TRUE), "\n")

dta <- read_dta(fetch("responses.dta"))
dta_labels <- attr(dta$drone, "labels")
tagged <- dta_labels[is.na(dta_labels)]
cat("dta variable label:", attr(dta$drone, "label"), "\n")
cat("dta value labels:", sum(!is.na(dta_labels)), "\n")
cat("dta missing labels:", paste(na_tag(tagged), names(tagged), sep = "=", collapse = "; "), "\n")
cat("dta dont know:", sum(na_tag(dta$drone) %in% "a"), "\n")
