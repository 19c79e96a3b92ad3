#!/usr/bin/env Rscript
# Golden outputs of R's forecast 8.20 auto.arima / stats::arima for src/models/stats/arima.
#   Rscript scripts/r/arima_reference.R <m4-dir> test/fixtures/arima
# Writes auto.json (auto.arima on a golden set: M4 Weekly and Hourly tails of several lengths, so
# both the exact (CSS-ML) and the approximate (CSS) search run, plus synthetic edge cases) and
# arima.json (stats::arima at given orders and methods). Every number has 17 significant digits.
suppressMessages({
  library(forecast)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
m4dir <- args[1]
outdir <- args[2]
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)

fmt <- function(v) ifelse(is.na(v), "null", ifelse(is.infinite(v), ifelse(v > 0, '"Inf"', '"-Inf"'), sprintf("%.17g", v)))  # NA -> null, ±Inf -> "Inf"
num <- function(v) structure(paste0("[", paste(fmt(v), collapse = ","), "]"), class = "json")
num1 <- function(v) structure(fmt(v), class = "json")
read_m4 <- function(name) {
  df <- read.csv(file.path(m4dir, name), stringsAsFactors = FALSE)
  vals <- as.matrix(df[, -1])
  setNames(lapply(seq_len(nrow(df)), function(i) { v <- as.numeric(vals[i, ]); v[!is.na(v)] }), df[[1]])
}
weekly <- read_m4("Weekly-train.csv")
hourly <- read_m4("Hourly-train.csv")

details <- function(id, x, fit, h, args = list()) {
  fc <- forecast(fit, h = h)
  cf <- coef(fit)
  list(
    id = id, m = frequency(x), y = num(x), args = args,
    method = as.character(fit), order = as.list(arimaorder(fit)),
    coef = setNames(lapply(cf, num1), names(cf)),
    loglik = num1(fit$loglik), aicc = num1(if (is.null(fit$aicc)) NA else fit$aicc), sigma2 = num1(fit$sigma2),
    mean = num(fc$mean), lower80 = num(fc$lower[, 1]), upper80 = num(fc$upper[, 1]),
    lower95 = num(fc$lower[, 2]), upper95 = num(fc$upper[, 2])
  )
}

auto <- list()
add_auto <- function(id, x, h, ...) {
  fit <- auto.arima(x, ...)
  extra <- list(...)
  auto[[length(auto) + 1]] <<- details(id, x, fit, h, extra)
}
# M4 Weekly: 100-point tails (exact search) and 260-point tails (approximation), m = 1.
for (id in c("W5", "W40", "W77", "W120", "W160", "W200", "W246", "W300", "W340")) {
  add_auto(paste0(id, "-100"), ts(tail(weekly[[id]], 100), frequency = 1), 13)
  add_auto(paste0(id, "-260"), ts(tail(weekly[[id]], 260), frequency = 1), 13)
}
# M4 Hourly, m = 24: 10-day tails (approximation, seasonal search).
for (id in c("H1", "H50", "H120", "H200", "H300", "H380")) {
  add_auto(paste0(id, "-240"), ts(tail(hourly[[id]], 240), frequency = 24), 48)
}
# Synthetic: seasonal monthly (exact seasonal search), short, constant, polynomial, full search.
set.seed(11)
e <- rnorm(120)
mon <- ts(100 + 10 * sin(2 * pi * (1:96) / 12) + cumsum(e[1:96]) * 0.5, frequency = 12)
add_auto("monthly-96", mon, 24)
add_auto("monthly-96-full", mon, 24, stepwise = FALSE)
ar1 <- ts(as.numeric(arima.sim(list(ar = 0.6), n = 80, innov = e[1:80], n.start = 1, start.innov = 0)) + 50)
add_auto("ar1-80", ar1, 10)
add_auto("short-8", ts(c(3, 5, 4, 6, 8, 7, 9, 10)), 5)
add_auto("constant-20", ts(rep(7.5, 20)), 5)
add_auto("linear-30", ts(2 + 0.5 * (1:30)), 5)
add_auto("weekly-bic", ts(tail(weekly[["W77"]], 100)), 13, ic = "bic")
writeLines(toJSON(list(forecast = as.character(packageVersion("forecast")), cases = auto),
                  auto_unbox = TRUE, digits = NA, json_verbatim = TRUE), file.path(outdir, "auto.json"))

fixed <- list()
add_fixed <- function(id, x, order, seasonal = c(0, 0, 0), method = "CSS-ML", drift = FALSE, mean = TRUE) {
  xreg <- if (drift) cbind(drift = seq_along(x)) else NULL
  fit <- stats::arima(x, order = order, seasonal = list(order = seasonal, period = frequency(x)),
                      xreg = xreg, include.mean = mean, method = method)
  pr <- predict(fit, n.ahead = 6, newxreg = if (drift) length(x) + 1:6 else NULL)
  fixed[[length(fixed) + 1]] <<- list(
    id = id, m = frequency(x), y = num(x), order = order, seasonal = seasonal, method = method, drift = drift,
    includeMean = mean, coef = num(coef(fit)), loglik = num1(fit$loglik), aic = num1(fit$aic),
    sigma2 = num1(fit$sigma2), var = num(fit$var.coef), residuals = num(residuals(fit)),
    pred = num(pr$pred), se = num(pr$se)
  )
}
w <- ts(tail(weekly[["W5"]], 200))
add_fixed("W5-011-drift", w, c(0, 1, 1), drift = TRUE)
add_fixed("W5-212", w, c(2, 1, 2))
add_fixed("W5-101-css", w, c(1, 0, 1), method = "CSS")
add_fixed("W5-210-ml", w, c(2, 1, 0), method = "ML")
add_fixed("W5-300-mean", w, c(3, 0, 0))
hh <- ts(tail(hourly[["H50"]], 240), frequency = 24)
add_fixed("H50-100-011", hh, c(1, 0, 0), c(0, 1, 1))
add_fixed("H50-201-110-css", hh, c(2, 0, 1), c(1, 1, 0), method = "CSS")
add_fixed("mon-011-011", mon, c(0, 1, 1), c(0, 1, 1))
writeLines(toJSON(list(cases = fixed), auto_unbox = TRUE, digits = NA, json_verbatim = TRUE),
           file.path(outdir, "arima.json"))

# STL through mstl and the seasonal-strength statistic of nsdiffs, on two Hourly tails.
stl_cases <- lapply(c("H50", "H300"), function(id) {
  x <- ts(tail(hourly[[id]], 240), frequency = 24)
  f <- mstl(x)
  list(id = id, m = 24, y = num(x), seasonal = num(f[, "Seasonal24"]), trend = num(f[, "Trend"]),
       strength = num1(forecast:::seas.heuristic(x)), nsdiffs = nsdiffs(x), ndiffs = ndiffs(x))
})
writeLines(toJSON(list(cases = stl_cases), auto_unbox = TRUE, digits = NA, json_verbatim = TRUE),
           file.path(outdir, "stl.json"))
