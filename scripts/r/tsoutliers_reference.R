#!/usr/bin/env Rscript
# Reference outliers from R's forecast::tsoutliers (8.20) for tsagentkit's QA outlier detector
# (src/qa/outliers.ts); compared by scripts/r/tsoutliers_compare.ts.
#
# Usage:
#   nice -n 10 Rscript scripts/r/tsoutliers_reference.R <m4-dir> <out.json> [limit]
#
# M4 Hourly training series with frequency 24 and M4 Weekly with frequency 52 (the season lengths
# tsagentkit's router gives "h" and "W"), the first `limit` series of each (default: all), and a
# synthetic panel made here with set.seed(20261208): 60 daily series (frequency 7, 364 points,
# weekly pattern, trend, noise) with 3 known spikes each. For each series: id, m, the 1-based
# tsoutliers index and the seconds it took; the synthetic series also carry their data and spikes.
suppressMessages({
  library(forecast)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: tsoutliers_reference.R <m4-dir> <out.json> [limit]")
m4dir <- args[1]
out <- args[2]
limit <- if (length(args) >= 3) as.integer(args[3]) else NA

read_m4 <- function(name) {
  df <- read.csv(file.path(m4dir, name), stringsAsFactors = FALSE)
  ids <- df[[1]]
  vals <- as.matrix(df[, -1])
  n <- if (is.na(limit)) length(ids) else min(limit, length(ids))
  lapply(seq_len(n), function(i) {
    v <- as.numeric(vals[i, ])
    list(id = ids[i], y = v[!is.na(v)])
  })
}

run <- function(id, y, m) {
  t0 <- proc.time()[["elapsed"]]
  idx <- tsoutliers(ts(y, frequency = m))$index
  list(id = id, m = m, n = length(y), index = as.integer(idx), seconds = proc.time()[["elapsed"]] - t0)
}

hourly <- lapply(read_m4("Hourly-train.csv"), function(s) run(s$id, s$y, 24))
weekly <- lapply(read_m4("Weekly-train.csv"), function(s) run(s$id, s$y, 52))

set.seed(20261208)
synthetic <- lapply(seq_len(60), function(k) {
  n <- 364
  t <- seq_len(n)
  weekly_pattern <- c(0, 2, 3, 5, 12, 30, 25) * runif(1, 0.5, 1.5)
  y <- 100 + k + 0.03 * t + weekly_pattern[(t - 1) %% 7 + 1] + rnorm(n, sd = 2)
  spikes <- sort(sample(20:(n - 20), 3))
  y[spikes] <- y[spikes] + sample(c(-1, 1), 3, replace = TRUE) * runif(3, 25, 60)
  r <- run(sprintf("syn_%02d", k), y, 7)
  r$y <- y
  r$spikes <- as.integer(spikes)
  r
})

writeLines(toJSON(list(forecast = as.character(packageVersion("forecast")), hourly = hourly, weekly = weekly,
                       synthetic = synthetic), digits = 17, auto_unbox = TRUE), out)
cat(sprintf("wrote %s: %d hourly, %d weekly, %d synthetic series\n", out, length(hourly), length(weekly), length(synthetic)))
