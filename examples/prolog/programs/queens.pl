% N-queens: place N queens on an N x N board so that none attacks another.
:- initialization(main).

queens(N, Qs) :-
    numlist(1, N, Ns),
    place(Ns, [], Qs).

place([], Qs, Qs).
place(Unplaced, Safe, Qs) :-
    select(Q, Unplaced, Rest),
    \+ attacks(Q, Safe, 1),
    place(Rest, [Q|Safe], Qs).

attacks(Q, [Q1|_], D) :- Q =:= Q1 + D.
attacks(Q, [Q1|_], D) :- Q =:= Q1 - D.
attacks(Q, [_|Qs], D) :- D1 is D + 1, attacks(Q, Qs, D1).

show_board(Qs) :-
    length(Qs, N),
    forall(member(Q, Qs), (show_row(1, N, Q), nl)).

show_row(C, N, _) :- C > N, !.
show_row(C, N, Q) :-
    ( C =:= Q -> write('Q ') ; write('. ') ),
    C1 is C + 1,
    show_row(C1, N, Q).

count_solutions(N, Count) :-
    findall(Qs, queens(N, Qs), All),
    length(All, Count).

main :-
    queens(8, Qs),
    write(first_solution(Qs)), nl,
    show_board(Qs),
    forall(between(4, 7, N),
           ( count_solutions(N, C),
             format("~w queens: ~w solutions~n", [N, C]) )),
    findall(Q6, queens(6, Q6), Sols6),
    write(Sols6), nl,
    halt.
