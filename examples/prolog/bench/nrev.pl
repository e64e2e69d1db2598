% Benchmark: naive reverse of a 30-element list, repeated (496 logical
% inferences per reversal).
:- initialization(main).

app([], L, L).
app([H|T], L, [H|R]) :- app(T, L, R).

nrev([], []).
nrev([H|T], R) :- nrev(T, RT), app(RT, [H], R).

range(N, N, [N]) :- !.
range(I, N, [I|T]) :- I < N, I1 is I + 1, range(I1, N, T).

% Repetitions (bench/run --quick lowers it).
size(3000).

bench(0, _) :- !.
bench(K, L) :- nrev(L, _), K1 is K - 1, bench(K1, L).

main :-
    range(1, 30, L),
    size(K),
    bench(K, L),
    nrev(L, R),
    write(R), nl,
    halt.
