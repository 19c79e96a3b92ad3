#!/usr/bin/env Rscript
# Reference forecasts from R's forecast::auto.arima (8.20) to evaluate npm `arima`'s AutoARIMA.
#   Rscript scripts/r/arima_reference.R <m4-dir> <out.json>
# 20 M4 Hourly series (last 24*14 points, m = 24, h = 48) and 20 Weekly series (m = 1, h = 13),
# evenly spaced through each file; for each: data, test values, selected order, forecasts, time.
suppressMessages({
  library(forecast)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
m4dir <- args[1]
out <- args[2]

read_m4 <- function(name) {
  df <- read.csv(file.path(m4dir, name), stringsAsFactors = FALSE)
  vals <- as.matrix(df[, -1])
  lapply(seq_len(nrow(df)), function(i) {
    v <- as.numeric(vals[i, ])
    list(id = df[[1]][i], y = v[!is.na(v)])
  })
}

series <- list()
for (set in list(list(n = "Hourly", m = 24, h = 48, tail = 24 * 14), list(n = "Weekly", m = 1, h = 13, tail = Inf))) {
  train <- read_m4(paste0(set$n, "-train.csv"))
  test <- read_m4(paste0(set$n, "-test.csv"))
  for (i in round(seq(1, length(train), length.out = 20))) {
    y <- train[[i]]$y
    if (is.finite(set$tail)) y <- tail(y, set$tail)
    t0 <- proc.time()[["elapsed"]]
    fit <- auto.arima(ts(y, frequency = set$m))
    fc <- forecast(fit, h = set$h, level = 95)
    secs <- proc.time()[["elapsed"]] - t0
    series[[length(series) + 1]] <- list(
      id = train[[i]]$id, m = set$m, h = set$h, y = y, test = test[[i]]$y[seq_len(set$h)],
      order = as.list(arimaorder(fit)), method = as.character(fit), aicc = fit$aicc,
      mean = as.numeric(fc$mean), lower95 = as.numeric(fc$lower), upper95 = as.numeric(fc$upper),
      seconds = secs
    )
  }
}
writeLines(toJSON(list(forecast = as.character(packageVersion("forecast")), series = series),
                  auto_unbox = TRUE, digits = NA), out)
