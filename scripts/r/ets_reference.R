#!/usr/bin/env Rscript
# Reference numbers from R's forecast::ets (8.20) for tsagentkit's AutoETS comparison.
#
# Usage:
#   Rscript scripts/r/ets_reference.R sample <m4-dir> <out.json>   # ~110 series, full detail
#   Rscript scripts/r/ets_reference.R full   <m4-dir> <out.json>   # every M4 Hourly/Weekly series
#   Rscript scripts/r/ets_reference.R fixture <m4-dir> test/fixtures/ets/r_ets_reference.json
#
# "sample": 40 Hourly series (last 24*14 points, m = 24), 60 Weekly series (m = 1) and a set of
# synthetic series generated here with a fixed seed. For each: the data, the selected model, its
# parameters, initial states, log-likelihood, AICc, sigma2, the point forecast and 80/95% limits.
# "full": every series of both M4 sets with its own train length, forecasts plus fit time.
# "fixture": the small golden file of the vitest suite: 7 M4 series and the synthetic ones with
# automatic selection, plus fixed specifications (R's ses/holt/damped settings, a simulated
# ETS(M,M,N)), each with R's initial state heuristic (`initstate`) for the selected components.
suppressMessages({
  library(forecast)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 3) stop("usage: ets_reference.R sample|full <m4-dir> <out.json>")
mode <- args[1]
m4dir <- args[2]
out <- args[3]

read_m4 <- function(name) {
  df <- read.csv(file.path(m4dir, name), stringsAsFactors = FALSE)
  ids <- df[[1]]
  vals <- as.matrix(df[, -1])
  lapply(seq_along(ids), function(i) {
    v <- as.numeric(vals[i, ])
    list(id = ids[i], y = v[!is.na(v)])
  })
}

describe <- function(id, y, m, h, detail, args = list()) {
  t0 <- proc.time()[["elapsed"]]
  fit <- do.call(ets, c(list(ts(y, frequency = m)), args))
  set.seed(1)
  fc <- forecast(fit, h = h, level = c(80, 95))
  secs <- proc.time()[["elapsed"]] - t0
  res <- list(
    id = id, m = m, h = h, n = length(y),
    method = fit$method,
    mean = as.numeric(fc$mean),
    seconds = secs
  )
  if (detail) {
    res$y <- y
    res$components <- fit$components
    res$par <- as.list(fit$par)
    res$loglik <- fit$loglik
    res$aicc <- if (is.null(fit$aicc)) NA else fit$aicc
    res$sigma2 <- fit$sigma2
    res$lower80 <- as.numeric(fc$lower[, 1])
    res$upper80 <- as.numeric(fc$upper[, 1])
    res$lower95 <- as.numeric(fc$lower[, 2])
    res$upper95 <- as.numeric(fc$upper[, 2])
    if (length(args) > 0) res$args <- args
    comp <- fit$components
    if (!is.null(fit$loglik)) {
      # As strings with 17 significant digits: JSON numbers would be cut to 15, and the test
      # checks that our initial states are bit-identical to R's.
      res$initstate <- I(sprintf("%.17g", forecast:::initstate(ts(y, frequency = m), comp[2], comp[3])))
    }
  }
  res
}

# Values are rounded to 6 decimals so that the JSON (15 significant digits) carries them exactly.
synthetic <- function() {
  series <- synthetic_raw()
  lapply(series, function(s) {
    s$y <- round(s$y, 6)
    s
  })
}

synthetic_raw <- function() {
  set.seed(20240601)
  n <- 120
  t <- 1:n
  s12 <- sin(2 * pi * t / 12)
  list(
    list(id = "syn_level", m = 12, y = 50 + cumsum(rnorm(n, 0, 1))),
    list(id = "syn_trend", m = 1, y = 10 + 0.5 * t + rnorm(n, 0, 2)),
    list(id = "syn_damped", m = 1, y = 100 + 30 * (1 - 0.95^t) + rnorm(n, 0, 1)),
    list(id = "syn_add_season", m = 12, y = 20 + 5 * s12 + rnorm(n, 0, 0.7)),
    list(id = "syn_mult_season", m = 12, y = (30 + 0.3 * t) * (1 + 0.3 * s12) * exp(rnorm(n, 0, 0.03))),
    list(id = "syn_quarterly", m = 4, y = 200 + 2 * (1:60) + rep(c(10, -5, 20, -25), 15) + rnorm(60, 0, 4)),
    list(id = "syn_negative", m = 12, y = -5 + 3 * s12 + rnorm(n, 0, 1)),
    list(id = "syn_short", m = 4, y = c(12, 15, 11, 14, 13, 17, 12, 16, 14, 18)),
    list(id = "syn_tiny", m = 1, y = c(5, 7, 6, 8, 7)),
    list(id = "syn_constant", m = 1, y = rep(3.5, 30)),
    list(id = "syn_short_seasonal", m = 12, y = 40 + 8 * sin(2 * pi * (1:30) / 12) + rnorm(30, 0, 1))
  )
}

if (mode == "sample") {
  hourly <- read_m4("Hourly-train.csv")
  weekly <- read_m4("Weekly-train.csv")
  hsel <- hourly[round(seq(1, length(hourly), length.out = 40))]
  wsel <- weekly[round(seq(1, length(weekly), length.out = 60))]
  series <- list()
  for (s in hsel) {
    y <- tail(s$y, 24 * 14)
    series[[length(series) + 1]] <- describe(s$id, y, 24, 48, TRUE)
  }
  for (s in wsel) series[[length(series) + 1]] <- describe(s$id, s$y, 1, 13, TRUE)
  for (s in synthetic()) {
    h <- if (s$m > 1) 2 * s$m else 10
    series[[length(series) + 1]] <- describe(s$id, s$y, s$m, h, TRUE)
  }
} else if (mode == "fixture") {
  hourly <- read_m4("Hourly-train.csv")
  weekly <- read_m4("Weekly-train.csv")
  by_id <- function(sets, id) Filter(function(s) s$id == id, sets)[[1]]
  series <- list()
  for (id in c("H33", "H192", "H65")) {
    series[[length(series) + 1]] <- describe(id, tail(by_id(hourly, id)$y, 24 * 14), 24, 48, TRUE)
  }
  for (id in c("W298", "W310", "W104", "W110")) {
    series[[length(series) + 1]] <- describe(id, by_id(weekly, id)$y, 1, 13, TRUE)
  }
  keep <- c("syn_damped", "syn_mult_season", "syn_quarterly", "syn_negative", "syn_short",
            "syn_tiny", "syn_constant", "syn_short_seasonal")
  for (s in Filter(function(s) s$id %in% keep, synthetic())) {
    h <- if (s$m > 1) 2 * s$m else 10
    series[[length(series) + 1]] <- describe(s$id, s$y, s$m, h, TRUE)
  }
  w <- by_id(weekly, "W104")$y
  fixed <- list(
    list(id = "W104_ses", args = list(model = "ANN", opt.crit = "mse")),
    list(id = "W104_holt", args = list(model = "AAN", damped = FALSE, opt.crit = "mse")),
    list(id = "W104_damped", args = list(model = "AAN", damped = TRUE, opt.crit = "mse")),
    list(id = "W104_MMN", args = list(model = "MMN", damped = FALSE))
  )
  for (f in fixed) series[[length(series) + 1]] <- describe(f$id, w, 1, 13, TRUE, f$args)
} else if (mode == "full") {
  series <- list()
  for (set in list(list(f = "Hourly-train.csv", m = 24, h = 48), list(f = "Weekly-train.csv", m = 1, h = 13))) {
    for (s in read_m4(set$f)) {
      series[[length(series) + 1]] <- describe(s$id, s$y, set$m, set$h, FALSE)
    }
  }
} else {
  stop("mode must be sample or full")
}

writeLines(toJSON(list(forecast = as.character(packageVersion("forecast")), series = series),
                  auto_unbox = TRUE, digits = NA), out)
