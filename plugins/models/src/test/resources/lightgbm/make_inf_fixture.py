# Regenerates regression-inf.txt and regression-inf-expected.csv with LightGBM 4.7 (pip install lightgbm==4.7.0).
# LightGBM writes the threshold of a split that parts missing from present values as 'inf'.
import csv
import lightgbm as lgb
import numpy as np

rng = np.random.default_rng(7)
n, k = 600, 3
X = rng.normal(size=(n, k))
X[rng.random((n, k)) < 0.15] = np.nan
y = np.nan_to_num(X[:, 0]) * 2 - np.nan_to_num(X[:, 1]) + 0.8 * np.isnan(X[:, 2]) + rng.normal(scale=0.3, size=n)
names = ['f0', 'f1', 'f2']
params = dict(objective='regression', num_leaves=7, learning_rate=0.2, min_data_in_leaf=5, verbose=-1,
              num_threads=1, seed=1, deterministic=True)
booster = lgb.train(params, lgb.Dataset(X, y, feature_name=names), num_boost_round=12)
booster.save_model('regression-inf.txt')
rows = np.vstack([X[:150], rng.normal(size=(50, k))])
rows[-50:][rng.random((50, k)) < 0.2] = np.nan
raw = booster.predict(rows, raw_score=True)
with open('regression-inf-expected.csv', 'w', newline='') as f:
    out = csv.writer(f, lineterminator='\n')
    out.writerow(names + ['prediction'])
    for row, value in zip(rows, raw):
        out.writerow(['' if np.isnan(v) else repr(float(v)) for v in row] + [repr(float(value))])
